package io.lethe.testkit.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of the data set that {@link PersonalDataStoreContract} loads into a store keyed by two
 * columns, for its optional composite key tests ({@link
 * PersonalDataStoreContract#createCompositeKeyStore}): a line of an order.
 *
 * <p>The store is named {@code contract_lines} and maps these rows as follows:
 *
 * <ul>
 *   <li>key: {@link #orderId()} then {@link #lineNo()}, both whole numbers, unique together; a
 *       record's key is {@code RecordKey.composite(List.of(orderId, lineNo))}, ordered by the
 *       order, then by the line;
 *   <li>record category {@code user.behavior.purchase_history};
 *   <li>subject: {@link #accountId()} as {@code account_id};
 *   <li>field: {@link #email()} as {@code user.contact.email};
 *   <li>anchor: {@link #createdAt()} as {@code collected}.
 * </ul>
 *
 * <p>With a {@link io.lethe.core.store.jdbc.JdbcMapping}: {@code table("contract_lines",
 * "order_id", "line_no")} over a table whose primary key is {@code (order_id, line_no)}.
 *
 * @param orderId the first part of the key
 * @param lineNo the second part of the key
 * @param accountId the subject's account id
 * @param email an email address, may be null
 * @param createdAt when the row was collected
 */
public record ContractLine(
    long orderId, long lineNo, String accountId, String email, Instant createdAt) {

  /** Rejects a missing account id or creation time. */
  public ContractLine {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** Hides the personal values. */
  @Override
  public String toString() {
    return "ContractLine[orderId=" + orderId + ", lineNo=" + lineNo + "]";
  }
}
