package io.lethe.consent.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a JSON tree in its canonical form, the bytes a receipt's signature covers: the JSON
 * Canonicalization Scheme of RFC 8785 for the values receipts hold. Object members are sorted by
 * their names' UTF-16 code units, nothing is written between tokens, strings escape only {@code "},
 * {@code \}, and the control characters (as {@code \b \t \n \f \r}, the rest as six-character
 * escapes with lower-case hex digits), and integers are written in plain digits.
 *
 * <p>Receipts hold no fractions, exponents, or integers beyond 2<sup>53</sup> − 1 (the only numbers
 * RFC 8785 writes as plain digits), nor unpaired surrogates; a tree with any of them has no
 * canonical form here, and {@link #write} refuses it.
 */
final class CanonicalJson {

  private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private CanonicalJson() {}

  /** A tree that has no canonical form, with what is wrong with it (never a value from it). */
  static final class NotCanonicalException extends Exception {
    private static final long serialVersionUID = 1L;

    NotCanonicalException(String message) {
      super(message);
    }
  }

  /**
   * The canonical text of a tree.
   *
   * @throws NotCanonicalException if it holds a value that has no canonical form here
   */
  static String write(JsonNode node) throws NotCanonicalException {
    StringBuilder out = new StringBuilder(2048);
    write(node, out, "$");
    return out.toString();
  }

  private static void write(JsonNode node, StringBuilder out, String path)
      throws NotCanonicalException {
    switch (node.getNodeType()) {
      case OBJECT -> {
        Map<String, JsonNode> sorted = new TreeMap<>(); // String order is UTF-16 code unit order
        node.properties().forEach(member -> sorted.put(member.getKey(), member.getValue()));
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, JsonNode> member : sorted.entrySet()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          string(member.getKey(), out, path);
          out.append(':');
          write(member.getValue(), out, path + "." + member.getKey());
        }
        out.append('}');
      }
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(node.get(i), out, path + "[" + i + "]");
        }
        out.append(']');
      }
      case STRING -> string(node.textValue(), out, path);
      case NUMBER -> integer(node, out, path);
      case BOOLEAN -> out.append(node.booleanValue());
      case NULL -> out.append("null");
      default -> throw new NotCanonicalException(path + " is not a JSON value");
    }
  }

  private static void integer(JsonNode node, StringBuilder out, String path)
      throws NotCanonicalException {
    if (!node.isIntegralNumber()) {
      throw new NotCanonicalException(path + " is a number that is not an integer");
    }
    BigInteger value = node.bigIntegerValue();
    if (value.abs().compareTo(BigInteger.valueOf(MAX_SAFE_INTEGER)) > 0) {
      throw new NotCanonicalException(path + " is an integer beyond 2^53 - 1");
    }
    out.append(value);
  }

  private static void string(String text, StringBuilder out, String path)
      throws NotCanonicalException {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        out.append(c).append(text.charAt(++i));
        continue;
      }
      if (Character.isSurrogate(c)) {
        throw new NotCanonicalException(path + " holds an unpaired surrogate");
      }
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\f' -> out.append("\\f");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
