package io.lethe.testkit.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of the data set that {@link PersonalDataStoreContract} loads into the store under test.
 *
 * <p>A store for the contract is named {@code contract} and maps these rows as follows:
 *
 * <ul>
 *   <li>key: {@link #id()}, a whole number;
 *   <li>record category {@code user.behavior.usage};
 *   <li>subjects: {@link #accountId()} as {@code account_id}, {@link #email()} as {@code email};
 *   <li>fields: {@link #email()} as {@code user.contact.email}, {@link #ip()} as {@code
 *       user.device.ip_address};
 *   <li>anchors: {@link #createdAt()} as {@code collected}, {@link #closedAt()} as {@code
 *       account.closed};
 *   <li>rows that were anonymized are remembered, so they are not found expired again.
 * </ul>
 *
 * @param id the key
 * @param accountId the subject's account id
 * @param email the subject's email, may be null
 * @param ip an IP address, may be null
 * @param createdAt when the row was collected
 * @param closedAt when the subject's account closed, null while it is open
 */
public record ContractRow(
    long id, String accountId, String email, String ip, Instant createdAt, Instant closedAt) {

  /** Rejects a missing account id or creation time. */
  public ContractRow {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** Hides the personal values. */
  @Override
  public String toString() {
    return "ContractRow[id=" + id + "]";
  }
}
