package io.lethe.consent.receipt;

import io.lethe.core.policy.LawfulBasis;
import io.lethe.core.policy.RecipientRole;

/**
 * The W3C Data Privacy Vocabulary (DPV 2) terms receipts use, and how the policy's values map to
 * them: one job, the mapping table.
 */
final class Dpv {

  /** The namespace of the core vocabulary. */
  static final String NS = "https://w3id.org/dpv#";

  /** The namespace of the EU GDPR extension, whose legal bases are named by article. */
  static final String GDPR_NS = "https://w3id.org/dpv/legal/eu/gdpr#";

  static final String DATA_CONTROLLER = "DataController";
  static final String DATA_SUBJECT = "DataSubject";
  static final String DIRECT_MARKETING = "DirectMarketing";

  private Dpv() {}

  /** {@return the EU GDPR extension's term for a lawful basis, such as {@code A6-1-a}} */
  static String gdprLegalBasis(LawfulBasis basis) {
    return switch (basis) {
      case CONSENT -> "A6-1-a";
      case CONTRACT -> "A6-1-b";
      case LEGAL_OBLIGATION -> "A6-1-c";
      case VITAL_INTERESTS -> "A6-1-d";
      case PUBLIC_TASK -> "A6-1-e";
      case LEGITIMATE_INTERESTS -> "A6-1-f";
    };
  }

  /**
   * The core vocabulary's term for what a recipient is: a processor or sub-processor as such, a
   * joint controller as a data controller, an independent controller as a third party (GDPR Art.
   * 4(10)), a public authority as an authority.
   */
  static String recipientRole(RecipientRole role) {
    return switch (role) {
      case PROCESSOR -> "DataProcessor";
      case SUB_PROCESSOR -> "DataSubProcessor";
      case JOINT_CONTROLLER -> DATA_CONTROLLER;
      case INDEPENDENT_CONTROLLER -> "ThirdParty";
      case PUBLIC_AUTHORITY -> "Authority";
    };
  }
}
