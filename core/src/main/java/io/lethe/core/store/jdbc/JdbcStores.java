package io.lethe.core.store.jdbc;

import io.lethe.core.spi.StoreException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Opens several JDBC stores of one database together, so that a mapping can reach its rows through
 * another's ({@link JdbcMapping.Builder#reference}): an order item through its order, a job result
 * through its job, over as many stores as the references chain.
 *
 * <pre>{@code
 * List<JdbcStore> stores = JdbcStores.open(dataSource, clock,
 *     JdbcMapping.builder("orders").table("orders", "id").category("user.financial.transaction")
 *         .subject("customer_id", IdentifierType.ACCOUNT_ID).collectedAt("placed_at").build(),
 *     JdbcMapping.builder("order_items").table("order_items", "id")
 *         .category("user.financial.transaction").reference("order_id", "orders", "id")
 *         .collectedAt("added_at").build());
 * }</pre>
 *
 * <p>Each reference must name a store opened in the same call, and must not lead back to the store
 * it starts from; the referenced column must be unique in its table. Every problem of every mapping
 * is checked before any store opens.
 */
public final class JdbcStores {

  private JdbcStores() {}

  /**
   * Opens stores together, with the system UTC clock.
   *
   * @param dataSource the database of every table
   * @param mappings the mappings, in any order
   * @return the stores, in the order of the mappings
   * @throws InvalidMappingException for the first mapping with a problem, listing all of its
   *     problems
   * @throws StoreException if the database's metadata cannot be read
   */
  public static List<JdbcStore> open(DataSource dataSource, JdbcMapping... mappings) {
    return open(dataSource, Clock.systemUTC(), List.of(mappings));
  }

  /**
   * Opens stores together.
   *
   * @param dataSource the database of every table
   * @param clock stamps the {@code anonymizedAt} columns
   * @param mappings the mappings, in any order
   * @return the stores, in the order of the mappings
   * @throws InvalidMappingException for the first mapping with a problem, listing all of its
   *     problems
   * @throws StoreException if the database's metadata cannot be read
   */
  public static List<JdbcStore> open(DataSource dataSource, Clock clock, JdbcMapping... mappings) {
    return open(dataSource, clock, List.of(mappings));
  }

  /**
   * Opens stores together.
   *
   * @param dataSource the database of every table
   * @param clock stamps the {@code anonymizedAt} columns
   * @param mappings the mappings, in any order, such as {@link JdbcMappings#read} returns
   * @return the stores, in the order of the mappings
   * @throws InvalidMappingException for the first mapping with a problem, listing all of its
   *     problems
   * @throws StoreException if the database's metadata cannot be read
   */
  public static List<JdbcStore> open(
      DataSource dataSource, Clock clock, List<JdbcMapping> mappings) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(clock, "clock");
    Map<String, JdbcMapping> byName = new LinkedHashMap<>();
    for (JdbcMapping mapping : mappings) {
      Objects.requireNonNull(mapping, "mapping");
      String name = mapping.store() == null ? "(unnamed)" : mapping.store();
      List<String> problems = mapping.problems();
      if (byName.containsKey(name)) {
        problems.add("store: another mapping opened with it is named '" + name + "' too");
      }
      for (int i = 0; i < mapping.references().size(); i++) {
        String target = mapping.references().get(i).store();
        if (target != null && mappings.stream().noneMatch(m -> target.equals(m.store()))) {
          problems.add(
              "references["
                  + i
                  + "].store: no store '"
                  + Names.quoted(target)
                  + "' is opened with it");
        }
      }
      if (!problems.isEmpty()) {
        throw InvalidMappingException.of(name, problems);
      }
      byName.put(name, mapping);
    }
    Map<String, JdbcStore> opened = new HashMap<>();
    for (JdbcMapping mapping : referencedFirst(byName)) {
      opened.put(mapping.store(), JdbcStore.open(dataSource, mapping, clock, opened));
    }
    List<JdbcStore> stores = new ArrayList<>();
    mappings.forEach(mapping -> stores.add(opened.get(mapping.store())));
    return stores;
  }

  /** The mappings, each after the stores it references; a cycle is a mapping problem. */
  private static List<JdbcMapping> referencedFirst(Map<String, JdbcMapping> byName) {
    List<JdbcMapping> ordered = new ArrayList<>();
    Set<String> done = new LinkedHashSet<>();
    for (String name : byName.keySet()) {
      visit(name, byName, done, new ArrayList<>(), ordered);
    }
    return ordered;
  }

  private static void visit(
      String name,
      Map<String, JdbcMapping> byName,
      Set<String> done,
      List<String> path,
      List<JdbcMapping> ordered) {
    if (done.contains(name)) {
      return;
    }
    if (path.contains(name)) {
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(name), path.size()));
      cycle.add(name);
      throw InvalidMappingException.of(
          name,
          List.of(
              "references: the references lead back to"
                  + " this store: "
                  + String.join(" -> ", cycle)));
    }
    path.add(name);
    JdbcMapping mapping = byName.get(name);
    for (JdbcMapping.Reference reference : mapping.references()) {
      visit(reference.store(), byName, done, path, ordered);
    }
    path.remove(path.size() - 1);
    done.add(name);
    ordered.add(mapping);
  }
}
