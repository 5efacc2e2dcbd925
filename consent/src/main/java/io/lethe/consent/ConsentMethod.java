package io.lethe.consent;

/** How a consent event came about. */
public enum ConsentMethod {
  /** A consent banner or dialog on a site or in an app. */
  BANNER,
  /** The host's own API or settings page. */
  API,
  /** A link in an email, such as a double opt-in confirmation or an unsubscribe link. */
  EMAIL_LINK,
  /** An opt-out preference signal, such as Global Privacy Control, sent by the browser. */
  OPT_OUT_SIGNAL,
  /** Records brought from another system. */
  IMPORT,
  /** A data-subject request, such as an erasure that withdrew every consent. */
  REQUEST,
  /** Lethe itself, such as a consent found expired when a refresh period passed. */
  SYSTEM
}
