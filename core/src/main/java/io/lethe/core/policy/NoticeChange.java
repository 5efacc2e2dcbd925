package io.lethe.core.policy;

/**
 * How one version of a {@link ConsentNotice} differs from the version before it, which decides
 * whether consents given to the earlier version still hold.
 *
 * <p>Consent is specific and informed (GDPR Art. 4(11), Art. 7): it covers what the subject was
 * told. A change to what is done with the data is not covered by a consent to the earlier words; a
 * change to how the same thing is said is.
 */
public enum NoticeChange {
  /**
   * A change of substance, such as a new purpose, a new recipient or a new use of the data:
   * consents given to earlier versions are stale, and the subject must consent again before the
   * processing the new version describes.
   */
  MATERIAL,
  /**
   * A change of form only, such as wording, typos or layout: consents given to earlier versions
   * still hold.
   */
  EDITORIAL
}
