package io.lethe.testkit.store;

import io.lethe.core.spi.PersonalDataStore;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The rows that {@link PersonalDataStoreContract} loads into four stores reaching their rows
 * through references, for its optional reference tests ({@link
 * PersonalDataStoreContract#createReferenceStores}): customers, their orders, the orders' items and
 * the customers' addresses.
 *
 * <p>The stores map these rows as follows; every key is a whole number and every {@code createdAt}
 * is the anchor {@code collected}:
 *
 * <ul>
 *   <li>{@code customers}: record category {@code user.account}; subjects {@link
 *       Customer#accountId()} as {@code account_id} and {@link Customer#email()} as {@code email};
 *       no fields. {@link Customer#addressId()} is a plain column that this store maps as nothing:
 *       the addresses store reaches its rows through it;
 *   <li>{@code orders}: record category {@code user.financial.transaction}; no subject of its own:
 *       {@link Order#customerId()} refers to the key of {@code customers}, so an order belongs to
 *       whoever its one customer belongs to; field {@link Order#note()} as {@code
 *       user.communication};
 *   <li>{@code order_items}: record category {@code user.financial.transaction}; {@link
 *       Item#orderId()} refers to the key of {@code orders}, two references away from the customer;
 *       field {@link Item#product()} as {@code user.behavior.usage};
 *   <li>{@code addresses}: record category {@code user.contact.address}; field {@link
 *       Address#street()} as {@code user.contact.address}; reached from the customers whose {@code
 *       addressId} holds its key, a column that is not unique: an address belongs to every customer
 *       living there, and several subjects may share it.
 * </ul>
 *
 * <p>With {@link io.lethe.core.store.jdbc.JdbcMapping}s: {@code reference("customer_id",
 * "customers", "id")} for orders, {@code reference("order_id", "orders", "id")} for items and
 * {@code reference("id", "customers", "address_id")} for addresses, opened together with {@link
 * io.lethe.core.store.jdbc.JdbcStores#open}.
 *
 * @param customers the customers' rows
 * @param orders the orders' rows
 * @param items the order items' rows
 * @param addresses the addresses' rows
 */
public record ContractReferences(
    List<Customer> customers, List<Order> orders, List<Item> items, List<Address> addresses) {

  /** Copies the lists. */
  public ContractReferences {
    customers = List.copyOf(customers);
    orders = List.copyOf(orders);
    items = List.copyOf(items);
    addresses = List.copyOf(addresses);
  }

  /**
   * A customer: the only rows here that carry identifiers.
   *
   * @param id the key
   * @param accountId the subject's account id
   * @param email the subject's email, may be null
   * @param addressId the key of the address the customer lives at, may be null
   * @param createdAt when the row was collected
   */
  public record Customer(
      long id, String accountId, String email, Long addressId, Instant createdAt) {

    /** Rejects a missing account id or creation time. */
    public Customer {
      Objects.requireNonNull(accountId, "accountId");
      Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Hides the personal values. */
    @Override
    public String toString() {
      return "Customer[id=" + id + "]";
    }
  }

  /**
   * An order, which belongs to whoever its customer belongs to.
   *
   * @param id the key
   * @param customerId the key of its customer
   * @param note a note the customer wrote, may be null
   * @param createdAt when the row was collected
   */
  public record Order(long id, long customerId, String note, Instant createdAt) {

    /** Rejects a missing creation time. */
    public Order {
      Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Hides the personal values. */
    @Override
    public String toString() {
      return "Order[id=" + id + "]";
    }
  }

  /**
   * An item of an order, which belongs to whoever its order belongs to.
   *
   * @param id the key
   * @param orderId the key of its order
   * @param product what was bought, may be null
   * @param createdAt when the row was collected
   */
  public record Item(long id, long orderId, String product, Instant createdAt) {

    /** Rejects a missing creation time. */
    public Item {
      Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Hides the personal values. */
    @Override
    public String toString() {
      return "Item[id=" + id + "]";
    }
  }

  /**
   * An address, which belongs to every customer whose {@code addressId} holds its key.
   *
   * @param id the key
   * @param street the street, may be null
   * @param createdAt when the row was collected
   */
  public record Address(long id, String street, Instant createdAt) {

    /** Rejects a missing creation time. */
    public Address {
      Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Hides the personal values. */
    @Override
    public String toString() {
      return "Address[id=" + id + "]";
    }
  }

  /**
   * The four stores, each holding exactly its rows, mapped as {@link ContractReferences} describes.
   *
   * @param customers the customers, whose rows carry the identifiers
   * @param orders the orders, reached through their customers
   * @param items the order items, reached through their orders
   * @param addresses the addresses, reached from the customers that refer to them
   */
  public record Stores(
      PersonalDataStore customers,
      PersonalDataStore orders,
      PersonalDataStore items,
      PersonalDataStore addresses) {

    /** Rejects a missing store. */
    public Stores {
      Objects.requireNonNull(customers, "customers");
      Objects.requireNonNull(orders, "orders");
      Objects.requireNonNull(items, "items");
      Objects.requireNonNull(addresses, "addresses");
    }

    /** {@return the four stores, customers first} */
    public List<PersonalDataStore> all() {
      return List.of(customers, orders, items, addresses);
    }
  }
}
