package io.lethe.core.policy;

/**
 * What an opt-out preference signal, such as Global Privacy Control, opts a subject out of. A
 * purpose lists the opt-outs that stop it ({@link Purpose#optOuts()}), so that a consent engine can
 * honour a signal by stopping exactly those purposes.
 *
 * <p>Under the CCPA as amended by the CPRA a consumer may opt out of the sale and of the sharing of
 * personal information (Cal. Civ. Code §1798.120); a business must honour an opt-out preference
 * signal as a valid request to opt out of both (§1798.135(b), CCPA regulations, Cal. Code Regs.
 * tit. 11, §7025). The Colorado Privacy Act gives a right to opt out of targeted advertising and of
 * sale, to be honoured when sent through a universal opt-out mechanism (C.R.S. §6-1-1306(1)(a), CPA
 * rules, Rule 5).
 */
public enum OptOut {
  /**
   * Selling personal data: disclosing it to a third party for money or other valuable consideration
   * (CCPA §1798.140(ad), §1798.120).
   */
  SALE,
  /**
   * Sharing personal data for cross-context behavioral advertising, with or without consideration
   * (CCPA §1798.140(ah), §1798.120).
   */
  SHARING,
  /**
   * Targeted advertising: showing a subject advertisements chosen from data about their activity
   * across unaffiliated sites and services over time (Colorado Privacy Act, C.R.S.
   * §6-1-1306(1)(a)(I)).
   */
  TARGETED_ADVERTISING
}
