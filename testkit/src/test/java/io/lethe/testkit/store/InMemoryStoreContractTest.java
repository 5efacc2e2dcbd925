package io.lethe.testkit.store;

import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.spi.RecordKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The store contract on {@link InMemoryStore}, with its references, composite keys and roles. It
 * cannot tell which fields could not hold NULL, so that test is skipped.
 */
class InMemoryStoreContractTest extends PersonalDataStoreContract {

  @Override
  protected PersonalDataStore createStore(List<ContractRow> rows) {
    InMemoryStore store =
        InMemoryStore.builder("contract")
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

  @Override
  protected ContractReferences.Stores createReferenceStores(ContractReferences rows) {
    InMemoryStore customers =
        InMemoryStore.builder("customers")
            .key("id")
            .category("user.account")
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .subject("email", IdentifierType.EMAIL)
            .anchor(Anchor.COLLECTED, "created_at")
            .build();
    InMemoryStore orders =
        InMemoryStore.builder("orders")
            .key("id")
            .category("user.financial.transaction")
            .reference("customer_id", customers, "id")
            .field("note", "user.communication")
            .anchor(Anchor.COLLECTED, "created_at")
            .build();
    InMemoryStore items =
        InMemoryStore.builder("order_items")
            .key("id")
            .category("user.financial.transaction")
            .reference("order_id", orders, "id")
            .field("product", "user.behavior.usage")
            .anchor(Anchor.COLLECTED, "created_at")
            .build();
    InMemoryStore addresses =
        InMemoryStore.builder("addresses")
            .key("id")
            .category("user.contact.address")
            .reference("id", customers, "address_id")
            .field("street", "user.contact.address")
            .anchor(Anchor.COLLECTED, "created_at")
            .build();
    rows.customers()
        .forEach(
            c ->
                customers.insert(
                    RecordKey.of(c.id()),
                    columns(
                        "account_id",
                        c.accountId(),
                        "email",
                        c.email(),
                        "address_id",
                        c.addressId(),
                        "created_at",
                        c.createdAt())));
    rows.orders()
        .forEach(
            o ->
                orders.insert(
                    RecordKey.of(o.id()),
                    columns(
                        "customer_id",
                        o.customerId(),
                        "note",
                        o.note(),
                        "created_at",
                        o.createdAt())));
    rows.items()
        .forEach(
            i ->
                items.insert(
                    RecordKey.of(i.id()),
                    columns(
                        "order_id",
                        i.orderId(),
                        "product",
                        i.product(),
                        "created_at",
                        i.createdAt())));
    rows.addresses()
        .forEach(
            a ->
                addresses.insert(
                    RecordKey.of(a.id()),
                    columns("street", a.street(), "created_at", a.createdAt())));
    return new ContractReferences.Stores(customers, orders, items, addresses);
  }

  @Override
  protected PersonalDataStore createCompositeKeyStore(List<ContractLine> rows) {
    InMemoryStore lines =
        InMemoryStore.builder("contract_lines")
            .key("order_id", "line_no")
            .category("user.behavior.purchase_history")
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .field("email", "user.contact.email")
            .anchor(Anchor.COLLECTED, "created_at")
            .build();
    rows.forEach(
        l ->
            lines.insert(
                RecordKey.composite(List.of(l.orderId(), l.lineNo())),
                columns(
                    "account_id", l.accountId(), "email", l.email(), "created_at", l.createdAt())));
    return lines;
  }

  @Override
  protected PersonalDataStore createRoleStore(List<ContractLesson> rows) {
    InMemoryStore lessons =
        InMemoryStore.builder("contract_lessons")
            .key("id")
            .category("user.content")
            .subjectInRole("tutor", "tutor_id", IdentifierType.ACCOUNT_ID)
            .subjectInRole("tutor", "tutor_email", IdentifierType.EMAIL)
            .subjectInRole("student", "student_id", IdentifierType.ACCOUNT_ID)
            .subjectInRole("student", "student_email", IdentifierType.EMAIL)
            .field("topic", "user.content")
            .fieldOfRole("tutor", "tutor_note", "user.content.private")
            .fieldOfRole("student", "student_rating", "user.content.rating")
            .anchor(Anchor.COLLECTED, "created_at")
            .build();
    rows.forEach(
        l ->
            lessons.insert(
                RecordKey.of(l.id()),
                columns(
                    "tutor_id",
                    l.tutorId(),
                    "tutor_email",
                    l.tutorEmail(),
                    "student_id",
                    l.studentId(),
                    "student_email",
                    l.studentEmail(),
                    "topic",
                    l.topic(),
                    "tutor_note",
                    l.tutorNote(),
                    "student_rating",
                    l.studentRating(),
                    "created_at",
                    l.createdAt())));
    return lessons;
  }

  /** Columns from names and values, some of which may be null. */
  private static Map<String, Object> columns(Object... namesAndValues) {
    Map<String, Object> columns = new HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      columns.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return columns;
  }
}
