package io.lethe.core.store.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link JdbcStore} learns of its table from the database's metadata when it opens: the
 * table a mapping names ({@link Names} binds it and its columns exactly), the columns' types and
 * nullability, the database product, the unique single-column indexes and the tables its foreign
 * keys refer to. Every problem with the mapping is reported at once.
 */
final class TableMetadata {

  private static final Logger LOG = LoggerFactory.getLogger(TableMetadata.class);

  private TableMetadata() {}

  /** A table as the metadata names it. */
  record TableId(String catalog, String schema, String name) {}

  /** A column as the metadata describes it. */
  record ColumnInfo(String name, int sqlType, boolean nullable) {}

  /**
   * The table of a mapping.
   *
   * @param id the table
   * @param qualified its name quoted, with its schema, for SQL text
   * @param quote the database's identifier quote
   * @param columns every mapped column, by the name the mapping gives it
   * @param allColumns every column of the table, by the name the database gives it
   * @param postgres whether the database is PostgreSQL
   * @param tidRanges whether it scans ranges of its row ids (PostgreSQL 14+)
   * @param uniqueColumns the columns, in lower case, a single-column unique index covers
   * @param referencedTables the other tables its foreign keys refer to
   * @param view whether it is a view (of any kind), not a table
   */
  record Table(
      TableId id,
      String qualified,
      String quote,
      Map<String, ColumnInfo> columns,
      Map<String, ColumnInfo> allColumns,
      boolean postgres,
      boolean tidRanges,
      Set<String> uniqueColumns,
      Set<TableId> referencedTables,
      boolean view) {}

  /**
   * Reads the metadata of a mapping's table.
   *
   * @param connection an open connection
   * @param mapping the mapping, already checked on its own
   * @param storeName the store's name, for problems
   * @return the table
   * @throws InvalidMappingException listing every problem with the mapping
   * @throws SQLException if the metadata cannot be read
   */
  static Table read(Connection connection, JdbcMapping mapping, String storeName)
      throws SQLException {
    List<String> problems = new ArrayList<>();
    DatabaseMetaData meta = connection.getMetaData();
    String quote = meta.getIdentifierQuoteString().trim();
    List<TableId> candidates = findTables(meta, mapping.schema(), mapping.table());
    Names.Binding tableName =
        Names.bind(
            "table",
            mapping.table(),
            candidates.stream().map(TableId::name).toList(),
            mapping.schema() == null
                ? "the database"
                : "schema '" + Names.quoted(mapping.schema()) + "'");
    if (tableName.name().isEmpty()) {
      throw InvalidMappingException.of(storeName, List.of("table: " + tableName.problem()));
    }
    TableId tableId =
        preferCurrentSchema(
            meta,
            candidates.stream().filter(t -> t.name().equals(tableName.name().get())).toList());
    Map<String, ColumnInfo> all = new HashMap<>();
    try (ResultSet rs =
        meta.getColumns(tableId.catalog(), tableId.schema(), tableId.name(), null)) {
      while (rs.next()) {
        String name = rs.getString("COLUMN_NAME");
        all.put(
            name,
            new ColumnInfo(
                name,
                sqlType(rs.getInt("DATA_TYPE"), rs.getString("TYPE_NAME")),
                rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls));
      }
    }
    Map<String, ColumnInfo> columns = new HashMap<>();
    problems.addAll(columnProblems(mapping, all, columns));
    if (!problems.isEmpty()) {
      throw InvalidMappingException.of(storeName, problems);
    }
    String qualified =
        (tableId.schema() == null ? "" : quote + tableId.schema() + quote + ".")
            + quote
            + tableId.name()
            + quote;
    String product = meta.getDatabaseProductName();
    boolean postgres = product.equalsIgnoreCase("PostgreSQL");
    boolean tidRanges = postgres && meta.getDatabaseMajorVersion() >= 14;
    return new Table(
        tableId,
        qualified,
        quote,
        columns,
        Map.copyOf(all),
        postgres,
        tidRanges,
        uniqueColumns(connection, product, tableId, qualified, storeName),
        referencedTables(meta, tableId),
        isView(meta, tableId));
  }

  /** Whether the metadata calls the table a view (a view or a materialized view). */
  private static boolean isView(DatabaseMetaData meta, TableId table) throws SQLException {
    try (ResultSet rs = meta.getTables(table.catalog(), table.schema(), table.name(), null)) {
      while (rs.next()) {
        if (rs.getString("TABLE_NAME").equals(table.name())) {
          String type = rs.getString("TABLE_TYPE");
          return type != null && type.toUpperCase(Locale.ROOT).contains("VIEW");
        }
      }
    }
    return false;
  }

  /** The tables other than itself that the table's foreign keys refer to. */
  private static Set<TableId> referencedTables(DatabaseMetaData meta, TableId table)
      throws SQLException {
    Set<TableId> referenced = new HashSet<>();
    try (ResultSet rs = meta.getImportedKeys(table.catalog(), table.schema(), table.name())) {
      while (rs.next()) {
        TableId parent =
            new TableId(
                rs.getString("PKTABLE_CAT"),
                rs.getString("PKTABLE_SCHEM"),
                rs.getString("PKTABLE_NAME"));
        if (!parent.equals(table)) {
          referenced.add(parent);
        }
      }
    }
    return referenced;
  }

  /** The tables whose name equals the mapped one but for case, in the schema if one is set. */
  private static List<TableId> findTables(DatabaseMetaData meta, String schema, String table)
      throws SQLException {
    List<TableId> found = new ArrayList<>();
    try (ResultSet rs =
        meta.getTables(null, null, null, new String[] {"TABLE", "BASE TABLE", "VIEW"})) {
      while (rs.next()) {
        String name = rs.getString("TABLE_NAME");
        String tableSchema = rs.getString("TABLE_SCHEM");
        if (name.equalsIgnoreCase(table)
            && (schema == null
                ? !isSystemSchema(tableSchema)
                : schema.equalsIgnoreCase(tableSchema))) {
          found.add(new TableId(rs.getString("TABLE_CAT"), tableSchema, name));
        }
      }
    }
    return found;
  }

  /** Of tables of one name in several schemas, the one in the connection's current schema. */
  private static TableId preferCurrentSchema(DatabaseMetaData meta, List<TableId> found)
      throws SQLException {
    String current = meta.getConnection().getSchema();
    return found.stream()
        .filter(t -> t.schema() != null && t.schema().equalsIgnoreCase(current))
        .findFirst()
        .orElse(found.get(0));
  }

  /**
   * The columns, in lower case, that a unique index (or the primary key) covers alone and over the
   * whole table: an index over several columns, over an expression or over part of the table (a
   * PostgreSQL partial index) makes no column unique. Read only where the metadata can be trusted
   * to say so: on PostgreSQL from its catalog, which also knows an index that failed to build (left
   * invalid) and a table with child tables (which its index does not cover); on H2 from the JDBC
   * metadata. On other databases, whose drivers may not report partial indexes, and if the metadata
   * cannot be read, no column is taken to be unique: the export then looks for every record, as it
   * would without the promise.
   */
  private static Set<String> uniqueColumns(
      Connection connection,
      String product,
      TableId table,
      String qualifiedTable,
      String storeName) {
    try {
      if (product.equalsIgnoreCase("PostgreSQL")) {
        return postgresUniqueColumns(connection, qualifiedTable);
      }
      if (product.equalsIgnoreCase("H2")) {
        return jdbcUniqueColumns(connection.getMetaData(), table);
      }
    } catch (SQLException e) {
      LOG.debug(
          "Store '{}': the unique indexes could not be read ({}); taking none",
          storeName,
          e.getClass().getSimpleName());
    }
    return Set.of();
  }

  /** {@link #uniqueColumns} from PostgreSQL's catalog: valid, whole-table, one key column. */
  private static Set<String> postgresUniqueColumns(Connection connection, String qualifiedTable)
      throws SQLException {
    Set<String> unique = new HashSet<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT a.attname"
                + " FROM pg_catalog.pg_index i JOIN pg_catalog.pg_attribute a"
                + " ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]"
                + " WHERE i.indrelid = CAST(? AS regclass) AND i.indisunique AND i.indisvalid"
                + " AND i.indpred IS NULL AND i.indexprs IS NULL AND i.indnkeyatts = 1"
                + " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits h"
                + " WHERE h.inhparent = i.indrelid)")) {
      statement.setString(1, qualifiedTable);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          unique.add(rs.getString(1).toLowerCase(Locale.ROOT));
        }
      }
    }
    return unique;
  }

  /** {@link #uniqueColumns} from the JDBC metadata: single-column, not filtered. */
  private static Set<String> jdbcUniqueColumns(DatabaseMetaData meta, TableId table)
      throws SQLException {
    Map<String, List<String>> indexes = new HashMap<>();
    Set<String> partial = new HashSet<>();
    try (ResultSet rs =
        meta.getIndexInfo(table.catalog(), table.schema(), table.name(), true, true)) {
      while (rs.next()) {
        String index = rs.getString("INDEX_NAME");
        if (index == null
            || rs.getShort("TYPE") == DatabaseMetaData.tableIndexStatistic
            || rs.getBoolean("NON_UNIQUE")) {
          continue;
        }
        if (rs.getString("FILTER_CONDITION") != null) {
          partial.add(index);
        }
        String column = rs.getString("COLUMN_NAME");
        indexes
            .computeIfAbsent(index, i -> new ArrayList<>())
            .add(column == null ? "" : column.toLowerCase(Locale.ROOT));
      }
    }
    Set<String> unique = new HashSet<>();
    indexes.forEach(
        (index, columns) -> {
          if (columns.size() == 1 && !columns.get(0).isEmpty() && !partial.contains(index)) {
            unique.add(columns.get(0));
          }
        });
    return unique;
  }

  private static boolean isSystemSchema(String schema) {
    return schema != null
        && (schema.equalsIgnoreCase("INFORMATION_SCHEMA") || schema.equalsIgnoreCase("pg_catalog"));
  }

  /**
   * Binds every mapped column ({@link Names#bind}) into {@code bound}, by its mapped name, and
   * returns the problems: a column missing or ambiguous, an anchor that is not a time.
   */
  private static List<String> columnProblems(
      JdbcMapping mapping, Map<String, ColumnInfo> all, Map<String, ColumnInfo> bound) {
    List<String> problems = new ArrayList<>();
    Map<String, String> wanted = new LinkedHashMap<>();
    for (int i = 0; i < mapping.key().size(); i++) {
      wanted.put(mapping.key().size() == 1 ? "key" : "key[" + i + "]", mapping.key().get(i));
    }
    for (int i = 0; i < mapping.subjects().size(); i++) {
      wanted.put("subjects[" + i + "].column", mapping.subjects().get(i).column());
    }
    for (int i = 0; i < mapping.fields().size(); i++) {
      wanted.put("fields[" + i + "].column", mapping.fields().get(i).column());
    }
    for (int i = 0; i < mapping.references().size(); i++) {
      wanted.put("references[" + i + "].column", mapping.references().get(i).column());
    }
    mapping.anchors().forEach((anchor, column) -> wanted.put("anchors." + anchor, column));
    if (mapping.anonymizedAt() != null) {
      wanted.put("anonymizedAt", mapping.anonymizedAt());
    }
    String where = "table '" + Names.quoted(mapping.table()) + "'";
    wanted.forEach(
        (at, column) -> {
          Names.Binding binding = Names.bind("column", column, all.keySet(), where);
          if (binding.name().isEmpty()) {
            problems.add(at + ": " + binding.problem());
            return;
          }
          ColumnInfo info = all.get(binding.name().get());
          bound.put(column, info);
          if ((at.startsWith("anchors.") || at.equals("anonymizedAt"))
              && !isTemporal(info.sqlType())) {
            problems.add(
                at
                    + ": column '"
                    + Names.quoted(column)
                    + "' must be a TIMESTAMP,"
                    + " TIMESTAMP WITH TIME ZONE or DATE");
          }
        });
    return problems;
  }

  /** PostgreSQL's driver reports {@code timestamptz} as a plain TIMESTAMP; its name tells. */
  private static int sqlType(int dataType, String typeName) {
    String name = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
    if (dataType == Types.TIMESTAMP
        && (name.equals("timestamptz") || name.contains("with time zone"))) {
      return Types.TIMESTAMP_WITH_TIMEZONE;
    }
    return dataType;
  }

  static boolean isTemporal(int sqlType) {
    return sqlType == Types.TIMESTAMP
        || sqlType == Types.TIMESTAMP_WITH_TIMEZONE
        || sqlType == Types.DATE;
  }
}
