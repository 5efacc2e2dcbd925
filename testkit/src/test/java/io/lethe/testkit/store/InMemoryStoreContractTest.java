package io.lethe.testkit.store;

import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.store.RecordKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The store contract on {@link InMemoryStore}. It cannot tell which fields could not hold NULL,
 * so that test is skipped.
 */
class InMemoryStoreContractTest extends PersonalDataStoreContract {

  @Override
  protected PersonalDataStore createStore(List<ContractRow> rows) {
    InMemoryStore store = InMemoryStore.builder("contract")
        .category("user.behavior.usage")
        .subject("account_id", IdentifierType.ACCOUNT_ID)
        .subject("email", IdentifierType.EMAIL)
        .field("email", "user.contact.email")
        .field("ip", "user.device.ip_address")
        .anchor(Anchor.COLLECTED, "created_at")
        .anchor(Anchor.ACCOUNT_CLOSED, "closed_at")
        .build();
    for (ContractRow row : rows) {
      Map<String, Object> columns = new HashMap<>();
      columns.put("account_id", row.accountId());
      columns.put("email", row.email());
      columns.put("ip", row.ip());
      columns.put("created_at", row.createdAt());
      columns.put("closed_at", row.closedAt());
      store.insert(RecordKey.of(row.id()), columns);
    }
    return store;
  }
}
