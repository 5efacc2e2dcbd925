package io.lethe.core.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The orders mapping in YAML that the mapping tests share, from {@code mappings/orders.yaml}. */
final class OrdersMapping {

  /** Where it lies on the test class path. */
  static final String RESOURCE = "mappings/orders.yaml";

  private OrdersMapping() {}

  /** {@return the YAML text} */
  static String yaml() {
    try (InputStream in = OrdersMapping.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
