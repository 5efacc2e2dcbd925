package io.lethe.core.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a YAML or JSON document into a tree, strictly and at bounded cost, remembering where each
 * value and property name starts. Shared by the policy reader and the JDBC mapping reader.
 *
 * <ul>
 *   <li>The text is refused before any parser sees it when it is longer than {@link #MAX_CHARS}.
 *   <li>Nesting deeper than {@link #MAX_DEPTH} stops reading, with the line.
 *   <li>YAML aliases ({@code *name}), anchors on collections ({@code &name}), merge keys ({@code
 *       <<}) and tags ({@code !!set}, {@code !custom}) are refused where they stand, never read as
 *       their names; the value is left out of the tree and its path is {@link #refused()}.
 *   <li>Scalars follow the YAML 1.2 core schema as far as types go: only {@code true} and {@code
 *       false} are booleans ({@code yes}, {@code on}, {@code True} stay text), and only numbers
 *       written as in JSON are numbers ({@code 0x1F}, {@code 1_000}, {@code +5}, {@code .inf} stay
 *       text).
 *   <li>Duplicate property names and unpaired UTF-16 surrogates are reported.
 * </ul>
 *
 * <p>Problems that leave the rest readable are collected in {@link #problems()}; a syntax error,
 * excess nesting, a second document or a document that is not a mapping throw {@link Stop}. Paths
 * are canonical: {@code a.b[0].c}, map keys as plain segments.
 */
public final class StrictTree {

  /** The longest text read, in characters: far above any real policy or mapping file. */
  public static final int MAX_CHARS = 262_144;

  /** The deepest nesting read; policies and mappings need fewer than ten levels. */
  public static final int MAX_DEPTH = 32;

  private static final Pattern JSON_NUMBER =
      Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?");
  private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]*)");
  private static final Pattern SOURCE_LOCATION =
      Pattern.compile(
          "\\s*\\(?(start marker at )?\\[Source: [^;]*; line: (\\d+), column: (\\d+)\\]\\)?");
  private static final Pattern CHAR_CODE = Pattern.compile("\\s*\\(code \\d+\\)");

  /** A problem found while reading. */
  public record Problem(String path, String message, int line, int column) {}

  /** Reading cannot go on; the problem says where and why. */
  public static final class Stop extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Problem problem;

    Stop(Problem problem) {
      super(problem.message(), null, false, false);
      this.problem = problem;
    }

    /** {@return what stopped reading, and where} */
    public Problem problem() {
      return problem;
    }
  }

  /**
   * The messages for a document that is empty or not a mapping, in the words of its format.
   *
   * @param empty for an empty document
   * @param notMapping for a document that is a list or a single value
   * @param moreThanOne for a file holding a second document
   */
  public record Wording(String empty, String notMapping, String moreThanOne) {}

  private final JsonFactory factory;
  private final Wording wording;
  private final List<Problem> problems = new ArrayList<>();
  private final Map<String, JsonLocation> valueAt = new HashMap<>();
  private final Map<String, JsonLocation> keyAt = new HashMap<>();
  private final Map<String, String> scalarText = new HashMap<>();
  private final Set<String> refused = new HashSet<>();
  private JsonNode root;

  /** Where the last token started: the place to blame when the parser gives none. */
  private JsonLocation lastLocation;

  private StrictTree(JsonFactory factory, Wording wording) {
    this.factory = factory;
    this.wording = wording;
  }

  /**
   * Reads a document.
   *
   * @param factory a JSON or YAML factory
   * @param text the document
   * @param wording the messages for a document of the wrong kind
   * @return the tree with its positions and problems
   * @throws Stop if reading cannot go on
   */
  public static StrictTree read(JsonFactory factory, String text, Wording wording) {
    StrictTree tree = new StrictTree(factory, wording);
    tree.checkSize(text);
    tree.scan(text);
    return tree;
  }

  /** {@return the document; a mapping} */
  public JsonNode root() {
    return root;
  }

  /** {@return the problems that did not stop reading, in document order} */
  public List<Problem> problems() {
    return problems;
  }

  /** {@return where each value starts, by canonical path} */
  public Map<String, JsonLocation> valueAt() {
    return valueAt;
  }

  /** {@return where each property name starts, by canonical path} */
  public Map<String, JsonLocation> keyAt() {
    return keyAt;
  }

  /** {@return the source text of every number and boolean, by canonical path} */
  public Map<String, String> scalarText() {
    return scalarText;
  }

  /**
   * {@return the paths whose values were refused (an alias, a tag) and are null placeholders in the
   * tree; their problem is already reported}
   */
  public Set<String> refused() {
    return refused;
  }

  /**
   * Reads UTF-8 text strictly (malformed bytes are an error), but never much more than {@link
   * #read} will look at: the rest of an oversized input is left unread, and {@link #read} refuses
   * the text by its length.
   *
   * @param in the input
   * @return the text, cut a little beyond {@link #MAX_CHARS} characters if longer
   * @throws IOException if reading fails or the bytes are not UTF-8
   */
  public static String readBounded(java.io.InputStream in) throws IOException {
    int limit = 4 * MAX_CHARS + 4;
    byte[] bytes = in.readNBytes(limit);
    int length = bytes.length;
    if (length == limit) {
      // Cut at a character boundary: the text is over the limit anyway.
      while (length > 0 && (bytes[length - 1] & 0xC0) == 0x80) {
        length--;
      }
      length = Math.max(0, length - 1);
    }
    return java.nio.charset.StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
        .decode(java.nio.ByteBuffer.wrap(bytes, 0, length))
        .toString();
  }

  private void checkSize(String text) {
    if (text.length() > MAX_CHARS) {
      int line = 1;
      int column = 1;
      for (int i = 0; i < MAX_CHARS; i++) {
        if (text.charAt(i) == '\n') {
          line++;
          column = 1;
        } else {
          column++;
        }
      }
      throw new Stop(
          new Problem(
              "",
              "the file is longer than "
                  + MAX_CHARS
                  + " characters, the most Lethe reads; the limit is passed here",
              line,
              column));
    }
  }

  // ------------------------------------------------------------------ scanning

  private final class Frame {
    final ContainerNode<?> node;
    final String path;
    final Set<String> names = new HashSet<>();
    String pendingName;
    String pendingPath;
    boolean skipNext;
    boolean dropNext;
    int index;

    Frame(ContainerNode<?> node, String path) {
      this.node = node;
      this.path = path;
    }

    /** The path of the next value in this container. */
    String childPath() {
      return node.isArray() ? path + "[" + index + "]" : pendingPath;
    }

    void add(JsonNode value) {
      if (node instanceof ArrayNode array) {
        array.add(value);
        index++;
      } else {
        ((ObjectNode) node).set(pendingName, value);
      }
    }
  }

  private void scan(String text) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    try (JsonParser parser = factory.createParser(text)) {
      YAMLParser yaml = parser instanceof YAMLParser y ? y : null;
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new Stop(new Problem("", wording.empty(), 1, 1));
      }
      if (first != JsonToken.START_OBJECT) {
        JsonLocation at = parser.currentTokenLocation();
        throw new Stop(
            new Problem("", wording.notMapping(), at.getLineNr(), Math.max(1, at.getColumnNr())));
      }
      Deque<Frame> stack = new ArrayDeque<>();
      root = nodes.objectNode();
      valueAt.put("", parser.currentTokenLocation());
      refuseYamlMarkers(yaml, parser, "", true);
      stack.push(new Frame((ContainerNode<?>) root, ""));
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        lastLocation = parser.currentTokenLocation();
        Frame frame = stack.peek();
        if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
          stack.pop();
          if (stack.isEmpty()) {
            JsonToken after = parser.nextToken();
            if (after != null) {
              JsonLocation at = parser.currentTokenLocation();
              throw new Stop(
                  new Problem(
                      "", wording.moreThanOne(), at.getLineNr(), Math.max(1, at.getColumnNr())));
            }
            return;
          }
          continue;
        }
        if (token == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          String path = frame.path.isEmpty() ? name : frame.path + "." + name;
          JsonLocation at = parser.currentTokenLocation();
          keyAt.putIfAbsent(path, at);
          frame.pendingName = name;
          frame.pendingPath = path;
          frame.skipNext = false;
          frame.dropNext = false;
          if (SafeText.unpairedSurrogate(name) >= 0) {
            problem(
                path,
                "the property name holds an unpaired surrogate ("
                    + SafeText.escape(String.valueOf(name.charAt(SafeText.unpairedSurrogate(name))))
                    + "), which no text file can hold",
                at);
            frame.skipNext = true;
          } else if (yaml != null && name.equals("<<")) {
            problem(path, "YAML merge keys (<<) are not supported: write the properties out", at);
            frame.skipNext = true;
          } else if (!frame.names.add(name)) {
            // The first value stays: the message then shows what a reader sees first.
            problem(path, "duplicate property; each property may appear only once", at);
            frame.dropNext = true;
          }
          continue;
        }
        String path = frame.childPath();
        JsonLocation at = parser.currentTokenLocation();
        valueAt.putIfAbsent(path, at);
        boolean container = token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY;
        if (frame.dropNext) {
          frame.dropNext = false;
          if (container) {
            parser.skipChildren();
          }
          continue;
        }
        if (frame.skipNext || refuseYamlMarkers(yaml, parser, path, container)) {
          frame.skipNext = false;
          if (container) {
            parser.skipChildren();
          }
          refused.add(path);
          frame.add(nodes.nullNode());
          continue;
        }
        if (container) {
          if (stack.size() >= MAX_DEPTH) {
            throw new Stop(
                new Problem(
                    path,
                    "nested deeper than "
                        + MAX_DEPTH
                        + " levels; a policy or mapping file needs far fewer",
                    at.getLineNr(),
                    Math.max(1, at.getColumnNr())));
          }
          ContainerNode<?> child =
              token == JsonToken.START_OBJECT ? nodes.objectNode() : nodes.arrayNode();
          frame.add(child);
          stack.push(new Frame(child, path));
          continue;
        }
        JsonNode value = scalar(parser, token, yaml != null, path, at);
        if (value == null) {
          refused.add(path);
          frame.add(nodes.nullNode());
        } else {
          frame.add(value);
        }
      }
      // The parser ended inside a container: its own error normally comes first.
      JsonLocation at = parser.currentLocation();
      throw new Stop(
          new Problem(
              "",
              "syntax error: the file ends before its last mapping or" + " list is closed",
              at.getLineNr(),
              Math.max(1, at.getColumnNr())));
    } catch (JsonProcessingException e) {
      throw syntaxError(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode scalar(
      JsonParser parser, JsonToken token, boolean yaml, String path, JsonLocation at)
      throws IOException {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    switch (token) {
      case VALUE_STRING -> {
        String text = parser.getText();
        int bad = SafeText.unpairedSurrogate(text);
        if (bad >= 0) {
          problem(
              path,
              "the text holds an unpaired surrogate ("
                  + SafeText.escape(String.valueOf(text.charAt(bad)))
                  + "), which no text file can hold",
              at);
          return null;
        }
        return nodes.textNode(text);
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        String text = parser.getText();
        if (yaml && !text.equals("true") && !text.equals("false")) {
          return nodes.textNode(text);
        }
        scalarText.putIfAbsent(path, text);
        return nodes.booleanNode(token == JsonToken.VALUE_TRUE);
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        String text = parser.getText();
        if (yaml && !JSON_NUMBER.matcher(text).matches()) {
          return nodes.textNode(text);
        }
        scalarText.putIfAbsent(path, text);
        if (INTEGER.matcher(text).matches()) {
          BigInteger value = new BigInteger(text);
          return value.bitLength() < 32
              ? nodes.numberNode(value.intValue())
              : value.bitLength() < 64
                  ? nodes.numberNode(value.longValue())
                  : nodes.numberNode(value);
        }
        if (text.length() > 100) {
          problem(path, "a number of " + text.length() + " characters; write at most 100", at);
          return null;
        }
        return nodes.numberNode(new BigDecimal(text));
      }
      case VALUE_NULL -> {
        return nodes.nullNode();
      }
      default -> {
        problem(path, "a value Lethe cannot read here", at);
        return null;
      }
    }
  }

  /** Reports YAML aliases, anchors and tags on the current value; true if it must be dropped. */
  private boolean refuseYamlMarkers(
      YAMLParser yaml, JsonParser parser, String path, boolean container) throws IOException {
    if (yaml == null) {
      return false;
    }
    JsonLocation at = parser.currentTokenLocation();
    if (yaml.isCurrentAlias()) {
      problem(
          path,
          "the YAML alias *"
              + shortName(parser.getText())
              + " is not supported:"
              + " write the value out (Lethe reads no anchors or aliases)",
          at);
      return true;
    }
    String tag = yaml.getTypeId();
    if (tag != null) {
      problem(
          path,
          "the YAML tag "
              + tagName(tag)
              + " is not supported: remove it (Lethe reads"
              + " plain values only)",
          at);
      return true;
    }
    if (container && yaml.getObjectId() != null) {
      problem(
          path,
          "the YAML anchor &"
              + shortName(yaml.getObjectId())
              + " is not supported:"
              + " remove it (Lethe reads no anchors or aliases)",
          at);
      return true;
    }
    return false;
  }

  private static String tagName(String tag) {
    String shown =
        tag.startsWith("tag:yaml.org,2002:")
            ? "!!" + tag.substring("tag:yaml.org,2002:".length())
            : tag.startsWith("!") ? tag : "!" + tag;
    return shortName(shown);
  }

  private static String shortName(String name) {
    String shown = name.length() > 40 ? name.substring(0, 40) + "…" : name;
    return SafeText.escape(shown);
  }

  private void problem(String path, String message, JsonLocation at) {
    problems.add(new Problem(path, message, at.getLineNr(), Math.max(1, at.getColumnNr())));
  }

  // ------------------------------------------------------------------ syntax errors

  private Stop syntaxError(JsonProcessingException e) {
    String message = clean(e.getOriginalMessage());
    JsonLocation location = e.getLocation();
    if (location == null || location.getLineNr() <= 0) {
      location = lastLocation;
    }
    int line = location == null ? 1 : location.getLineNr();
    int column = location == null ? 1 : location.getColumnNr();
    if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
      Mark mark = yaml.getProblemMark();
      message = clean(yaml.getProblem());
      line = mark.getLine() + 1;
      column = mark.getColumn() + 1;
    }
    return new Stop(
        new Problem("", "syntax error: " + message, line, line > 0 ? Math.max(1, column) : 0));
  }

  /**
   * The first line of a parser message, without Jackson's source descriptions, limits or type
   * names, and with invisible characters escaped.
   *
   * @param message a parser's message
   * @return a message for a person
   */
  public static String clean(String message) {
    if (message == null) {
      return "unreadable value";
    }
    String line = message.strip().lines().findFirst().orElse("unreadable value");
    if (line.contains("StreamReadConstraints")
        || line.contains("exceeds the maximum")
        || line.contains("exceeds the limit")) {
      if (line.contains("esting depth")) {
        return "nested deeper than a policy or mapping file may be";
      }
      if (line.toLowerCase(java.util.Locale.ROOT).contains("number")) {
        return "a number longer than Lethe reads";
      }
      return "a value longer than Lethe reads";
    }
    line = SOURCE_LOCATION.matcher(line).replaceAll(" (start marker at line $2, column $3)");
    line = CHAR_CODE.matcher(line).replaceAll("");
    line =
        line.replaceAll("`?\\b(?:[a-z]+\\.)+([A-Z][A-Za-z0-9$]*)(<[^>]*>)?`?", "$1")
            .replace("JsonToken.", "")
            .replace("VALUE_STRING", "a text")
            .replace("VALUE_NUMBER_INT", "a whole number")
            .replace("VALUE_NUMBER_FLOAT", "a number")
            .replace("START_OBJECT", "a mapping")
            .replace("START_ARRAY", "a list")
            .replace("VALUE_TRUE", "true")
            .replace("VALUE_FALSE", "false")
            .replace("VALUE_NULL", "null");
    line = line.length() > 200 ? line.substring(0, 200) + "…" : line;
    return SafeText.escape(line);
  }
}
