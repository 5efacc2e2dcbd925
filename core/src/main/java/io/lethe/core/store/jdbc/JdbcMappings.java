package io.lethe.core.store.jdbc;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.lethe.core.internal.StrictTree;
import io.lethe.core.internal.Suggestions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads JDBC store mappings from YAML, the same shape {@link JdbcMapping}'s builder makes:
 *
 * <pre>{@code
 * stores:
 *   - store: orders
 *     table: orders
 *     key: id
 *     category: user.financial.transaction
 *     subjects:
 *       - {column: customer_id, type: account_id}
 *     fields:
 *       - {column: email, category: user.contact.email}
 *     anchors:
 *       collected: created_at
 *       account.closed: closed_at
 *     anonymizedAt: anonymized_at
 * }</pre>
 *
 * <p>Reading is strict, as for policy files: every value is a text (a number or a boolean is not a
 * column name), YAML aliases, anchors, merge keys and tags are refused where they stand, duplicate
 * keys and unknown properties are refused, and text longer than 256 Ki characters or nested deeper
 * than 32 levels is refused before it costs much. Each problem names the store it concerns and its
 * line and column; control and invisible characters are shown escaped.
 */
public final class JdbcMappings {

  private static final YAMLFactory YAML = new YAMLFactory();

  private static final ObjectMapper MAPPER =
      YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private static final StrictTree.Wording WORDING =
      new StrictTree.Wording(
          "the file is empty; it needs 'stores:', a list of store mappings",
          "a mapping file is a mapping with 'stores:', a list of store mappings",
          "a mapping file holds one document; found more after the first");

  /** The properties of each part of a mapping, and which hold lists or maps of parts. */
  private static final Map<String, List<String>> PROPERTIES =
      Map.of(
          "mapping",
              List.of(
                  "store",
                  "schema",
                  "table",
                  "key",
                  "category",
                  "subjects",
                  "fields",
                  "anchors",
                  "anonymizedAt",
                  "references",
                  "referencedAnchors"),
          "subjects", List.of("column", "type", "role"),
          "fields", List.of("column", "category", "role"),
          "references", List.of("column", "store", "key"),
          "referencedAnchors", List.of("reference", "column"));

  private JdbcMappings() {}

  /**
   * Reads mappings from a YAML file.
   *
   * @param file the file
   * @return the mappings, each checked for its own shape (the database is checked on open)
   * @throws InvalidMappingException listing every problem found
   */
  public static List<JdbcMapping> read(Path file) {
    String source = String.valueOf(file.getFileName());
    if (Files.isDirectory(file)) {
      throw InvalidMappingException.inFile(
          source, null, List.of("cannot read the file: it is a" + " directory"));
    }
    String text;
    try (InputStream in = Files.newInputStream(file)) {
      text = StrictTree.readBounded(in);
    } catch (IOException e) {
      throw InvalidMappingException.inFile(
          source, null, List.of("cannot read the file: " + reason(e)));
    }
    return parse(text, source);
  }

  /**
   * Reads mappings from a class-path resource, such as one shipped in the host's jar.
   *
   * @param name the resource name, such as {@code lethe/mappings.yaml}
   * @param loader the class loader to search
   * @return the mappings, each checked for its own shape (the database is checked on open)
   * @throws InvalidMappingException listing every problem found, or saying that there is no such
   *     resource
   */
  public static List<JdbcMapping> readResource(String name, ClassLoader loader) {
    java.util.Objects.requireNonNull(name, "name");
    java.util.Objects.requireNonNull(loader, "loader");
    String text;
    try (InputStream in = loader.getResourceAsStream(name)) {
      if (in == null) {
        throw InvalidMappingException.inFile(
            name, null, List.of("no such resource on the" + " class path"));
      }
      text = StrictTree.readBounded(in);
    } catch (IOException e) {
      throw InvalidMappingException.inFile(
          name, null, List.of("cannot read the resource: " + reason(e)));
    }
    return parse(text, name);
  }

  private static String reason(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.charset.CharacterCodingException) {
      return "not UTF-8 text";
    }
    return "input/output error";
  }

  /**
   * Reads mappings from YAML text.
   *
   * @param yaml the text
   * @param source a name for error messages, such as the file name
   * @return the mappings
   * @throws InvalidMappingException listing every problem found, each naming its store
   */
  public static List<JdbcMapping> parse(String yaml, String source) {
    Objects.requireNonNull(yaml, "yaml");
    StrictTree tree;
    try {
      tree = StrictTree.read(YAML, yaml, WORDING);
    } catch (StrictTree.Stop stop) {
      StrictTree.Problem problem = stop.problem();
      throw InvalidMappingException.inFile(
          source,
          null,
          List.of(
              (problem.path().isEmpty() ? "" : problem.path() + ": ")
                  + problem.message()
                  + at(problem.line(), problem.column())));
    }
    return new Reading(tree, source).read();
  }

  /** One reading of a document: its tree, positions and the problems found, by store. */
  private static final class Reading {
    private final StrictTree tree;
    private final String source;
    private final List<String> problems = new ArrayList<>();

    /** Each problem's position, for ordering: line * 2^20 + column; unknown last. */
    private final List<Long> positions = new ArrayList<>();

    private final List<StrictTree.Problem> treeProblems;
    private final List<String> failingStores = new ArrayList<>();

    Reading(StrictTree tree, String source) {
      this.tree = tree;
      this.source = source;
      this.treeProblems = new ArrayList<>(tree.problems());
    }

    List<JdbcMapping> read() {
      JsonNode root = tree.root();
      root.fieldNames()
          .forEachRemaining(
              name -> {
                if (!name.equals("stores") && !tree.refused().contains(name)) {
                  add(name, "unknown property" + Suggestions.didYouMean(name, List.of("stores")));
                }
              });
      JsonNode stores = root.get("stores");
      List<JdbcMapping> mappings = new ArrayList<>();
      if (stores == null || tree.refused().contains("stores")) {
        if (stores == null) {
          add("stores", "needs at least one mapping");
        }
      } else if (!stores.isArray() || stores.isEmpty()) {
        add(
            "stores",
            stores.isArray()
                ? "needs at least one mapping"
                : "expected a list of store mappings, found " + describe(stores));
      } else {
        for (int i = 0; i < stores.size(); i++) {
          JdbcMapping mapping = store(stores.get(i), "stores[" + i + "]");
          if (mapping != null) {
            mappings.add(mapping);
          }
        }
      }
      for (StrictTree.Problem problem : treeProblems) {
        addAt("", problem);
      }
      if (!problems.isEmpty()) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < problems.size(); i++) {
          order.add(i);
        }
        order.sort(java.util.Comparator.comparing(positions::get));
        List<String> sorted = order.stream().map(problems::get).toList();
        problems.clear();
        problems.addAll(sorted);
        throw InvalidMappingException.inFile(
            source, failingStores.isEmpty() ? null : failingStores.get(0), problems);
      }
      return List.copyOf(mappings);
    }

    private JdbcMapping store(JsonNode entry, String path) {
      if (tree.refused().contains(path)) {
        return null;
      }
      if (!entry.isObject()) {
        add(
            path,
            entry.isNull() ? "is empty" : "expected a store mapping, found " + describe(entry));
        return null;
      }
      JsonNode name = entry.get("store");
      String label =
          name != null && name.isTextual() ? "store '" + shortText(name.textValue()) + "', " : "";
      int before = problems.size();
      for (java.util.Iterator<StrictTree.Problem> it = treeProblems.iterator(); it.hasNext(); ) {
        StrictTree.Problem problem = it.next();
        if (problem.path().equals(path)
            || problem.path().startsWith(path + ".")
            || problem.path().startsWith(path + "[")) {
          addAt(label, problem);
          it.remove();
        }
      }
      checkShape(entry, "mapping", path, label);
      if (problems.size() > before) {
        failed(name);
        return null;
      }
      JdbcMapping mapping;
      try {
        mapping = MAPPER.treeToValue(entry, JdbcMapping.class);
      } catch (JsonProcessingException | IllegalArgumentException e) {
        addLabelled(label, path + pathOf(e), reasonOf(e));
        failed(name);
        return null;
      }
      for (String problem : mapping.problems()) {
        int colon = problem.indexOf(": ");
        String where = colon < 0 ? "" : problem.substring(0, colon);
        addLabelled(
            label,
            path + (where.isEmpty() ? "" : "." + where),
            colon < 0 ? problem : problem.substring(colon + 2));
      }
      if (problems.size() > before) {
        failed(name);
        return null;
      }
      return mapping;
    }

    private void failed(JsonNode name) {
      failingStores.add(name != null && name.isTextual() ? name.textValue() : null);
    }

    /** Every value is a text, every property known, lists and maps where they belong. */
    private void checkShape(JsonNode node, String part, String path, String label) {
      List<String> known = PROPERTIES.get(part);
      node.fields()
          .forEachRemaining(
              field -> {
                String name = field.getKey();
                String child = path + "." + name;
                JsonNode value = field.getValue();
                if (tree.refused().contains(child)) {
                  return;
                }
                if (!known.contains(name)) {
                  addLabelled(
                      label, child, "unknown property" + Suggestions.didYouMean(name, known));
                  return;
                }
                switch (part.equals("mapping") ? name : "") {
                  case "subjects", "fields", "references" -> {
                    if (!value.isArray()) {
                      addLabelled(label, child, "expected a list, found " + describe(value));
                      return;
                    }
                    for (int i = 0; i < value.size(); i++) {
                      String item = child + "[" + i + "]";
                      if (tree.refused().contains(item)) {
                        continue;
                      }
                      if (value.get(i).isObject()) {
                        checkShape(value.get(i), name, item, label);
                      } else {
                        addLabelled(
                            label, item, "expected a mapping, found " + describe(value.get(i)));
                      }
                    }
                  }
                  case "anchors", "referencedAnchors" -> {
                    if (!value.isObject()) {
                      addLabelled(
                          label, child, "expected a mapping of anchors, found " + describe(value));
                      return;
                    }
                    value
                        .fields()
                        .forEachRemaining(
                            anchor -> {
                              String at = child + "." + anchor.getKey();
                              if (tree.refused().contains(at)) {
                                return;
                              }
                              if (name.equals("anchors")) {
                                text(anchor.getValue(), at, label);
                              } else if (anchor.getValue().isObject()) {
                                checkShape(anchor.getValue(), name, at, label);
                              } else {
                                addLabelled(
                                    label,
                                    at,
                                    "expected a mapping, found " + describe(anchor.getValue()));
                              }
                            });
                  }
                  case "key" -> {
                    if (value.isArray()) {
                      for (int i = 0; i < value.size(); i++) {
                        if (!tree.refused().contains(child + "[" + i + "]")) {
                          text(value.get(i), child + "[" + i + "]", label);
                        }
                      }
                    } else {
                      text(value, child, label);
                    }
                  }
                  default -> text(value, child, label);
                }
              });
    }

    private void text(JsonNode value, String path, String label) {
      if (value.isNull()) {
        addLabelled(label, path, "no value (null or empty); give one, or leave the property out");
      } else if (!value.isTextual()) {
        addLabelled(
            label,
            path,
            "expected a text, found "
                + describe(value)
                + "; put it in quotes if it is meant as text");
      }
    }

    private String describe(JsonNode node) {
      if (node.isObject()) {
        return "a mapping";
      }
      if (node.isArray()) {
        return "a list";
      }
      if (node.isNull()) {
        return "nothing";
      }
      if (node.isTextual()) {
        return "a text";
      }
      String text = node.asText();
      return (node.isBoolean() ? "true/false" : "a number")
          + " ("
          + (text.length() > 40 ? text.substring(0, 40) + "…" : text)
          + ")";
    }

    private void add(String path, String message) {
      addLabelled("", path, message);
    }

    /** A problem as {@code store 'orders', stores[0].table: message (line 3, column 12)}. */
    private void addLabelled(String label, String path, String message) {
      JsonLocation location = locate(path, message.startsWith("unknown property"));
      int line = location == null ? 0 : location.getLineNr();
      int column = location == null ? 0 : Math.max(1, location.getColumnNr());
      addAt(label, new StrictTree.Problem(path, message, line, column));
    }

    private void addAt(String label, StrictTree.Problem problem) {
      problems.add(
          label
              + (problem.path().isEmpty() ? "" : problem.path() + ": ")
              + problem.message()
              + at(problem.line(), problem.column()));
      positions.add(
          problem.line() <= 0 ? Long.MAX_VALUE : ((long) problem.line() << 20) + problem.column());
    }

    private JsonLocation locate(String path, boolean key) {
      String probe = path;
      while (true) {
        JsonLocation location = (key ? tree.keyAt() : tree.valueAt()).get(probe);
        if (location == null) {
          location = (key ? tree.valueAt() : tree.keyAt()).get(probe);
        }
        if (location != null || probe.isEmpty()) {
          return location;
        }
        int cut = Math.max(probe.lastIndexOf('.'), probe.lastIndexOf('['));
        probe = cut <= 0 ? "" : probe.substring(0, cut);
      }
    }
  }

  private static String at(int line, int column) {
    return line > 0 ? " (line " + line + ", column " + column + ")" : "";
  }

  private static String shortText(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }

  private static String pathOf(Exception e) {
    if (!(e instanceof JsonMappingException mapping)) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference ref : mapping.getPath()) {
      if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      } else if (ref.getFieldName() != null) {
        out.append('.').append(ref.getFieldName());
      }
    }
    return out.toString();
  }

  /** Why a value could not be bound, in the model's words, never the parser's type names. */
  private static String reasonOf(Exception e) {
    Throwable cause = e;
    while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
      cause = cause.getCause();
    }
    if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
      return StrictTree.clean(cause.getMessage());
    }
    return "not a valid value here";
  }
}
