package io.lethe.dsar;

/**
 * Why a request's deadline was extended: GDPR Art. 12(3) allows two further months "taking into
 * account the complexity and number of the requests"; CCPA §1798.130(a)(2) 45 days "when reasonably
 * necessary".
 *
 * <p>{@link #dpvTerm()} is the IRI of the W3C DPV justification (DPV 2.2 justifications extension,
 * delay module).
 */
public enum ExtensionReason {
  /** The request is complex. DPV {@code justifications:ComplexityOfProcess}. */
  COMPLEXITY("ComplexityOfProcess"),
  /** Many requests arrived. DPV {@code justifications:HighVolumeOfProcesses}. */
  NUMBER_OF_REQUESTS("HighVolumeOfProcesses");

  private final String dpvTerm;

  ExtensionReason(String dpvTerm) {
    this.dpvTerm = dpvTerm;
  }

  /** {@return the DPV justification's IRI} */
  public String dpvTerm() {
    return DenialReason.DPV_JUSTIFICATIONS + dpvTerm;
  }
}
