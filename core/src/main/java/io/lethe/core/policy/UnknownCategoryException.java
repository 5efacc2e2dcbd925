package io.lethe.core.policy;

import io.lethe.core.LetheException;

/** A category key was asked about that neither the built-in taxonomy nor the policy defines. */
public final class UnknownCategoryException extends LetheException {

  private static final long serialVersionUID = 1L;

  private final CategoryKey category;
  private final String policyId;

  private UnknownCategoryException(CategoryKey category, String policyId) {
    super(
        "Category '"
            + category
            + "' is not defined by policy '"
            + policyId
            + "' nor by the built-in taxonomy");
    this.category = category;
    this.policyId = policyId;
  }

  static UnknownCategoryException of(CategoryKey category, String policyId) {
    return new UnknownCategoryException(category, policyId);
  }

  /** {@return the unknown key} */
  public CategoryKey category() {
    return category;
  }

  /** {@return the id of the policy that was asked} */
  public String policyId() {
    return policyId;
  }
}
