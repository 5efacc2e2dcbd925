package io.lethe.core.policy;

/** The grounds for transferring personal data outside the EEA, GDPR Chapter V. */
public enum TransferSafeguard {
  /** Art. 45: the destination has an adequacy decision. */
  ADEQUACY_DECISION,
  /** Art. 46(2)(c): standard contractual clauses. */
  STANDARD_CONTRACTUAL_CLAUSES,
  /** Art. 47: binding corporate rules. */
  BINDING_CORPORATE_RULES,
  /** Art. 46(2)(e): an approved code of conduct. */
  CODE_OF_CONDUCT,
  /** Art. 46(2)(f): an approved certification. */
  CERTIFICATION,
  /** Art. 49(1)(a): the subject's explicit consent to the transfer. */
  EXPLICIT_CONSENT,
  /** Art. 49(1)(b): necessary for a contract with the subject. */
  CONTRACT_NECESSITY
}
