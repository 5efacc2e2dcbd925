package io.lethe.dsar.export;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.Date;

/** Turns a stored field value into one JSON and CSV can carry, and writes it as JSON. */
final class JsonValues {

  private JsonValues() {}

  /**
   * Writes a plain value with the generator's typed calls; going through the object mapper for each
   * value costs a serializer lookup per field, the larger part of a small export's time.
   */
  static void write(JsonGenerator json, Object value) throws IOException {
    if (value == null) {
      json.writeNull();
    } else if (value instanceof String text) {
      json.writeString(text);
    } else if (value instanceof Boolean bool) {
      json.writeBoolean(bool);
    } else if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      json.writeNumber(((Number) value).longValue());
    } else if (value instanceof BigDecimal decimal) {
      json.writeNumber(decimal);
    } else if (value instanceof BigInteger integer) {
      json.writeNumber(integer);
    } else if (value instanceof Double number) {
      json.writeNumber(number);
    } else if (value instanceof Float number) {
      json.writeNumber(number);
    } else if (value instanceof Number number) {
      json.writeNumber(number.toString());
    } else {
      json.writeString(value.toString());
    }
  }

  /**
   * {@return a value in a form JSON and CSV can carry: text, numbers and booleans as they are,
   * binary values as Base64, dates as ISO-8601 text, anything else as its text}
   */
  static Object plain(Object value) {
    if (value == null
        || value instanceof String
        || value instanceof Number
        || value instanceof Boolean) {
      return value;
    }
    if (value instanceof byte[] bytes) {
      return Base64.getEncoder().encodeToString(bytes);
    }
    if (value instanceof Date date) {
      return date.toInstant().toString();
    }
    return String.valueOf(value);
  }
}
