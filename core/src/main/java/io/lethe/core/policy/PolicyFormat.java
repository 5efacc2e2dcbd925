package io.lethe.core.policy;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The file formats a policy can be read from and written to. */
public enum PolicyFormat {
  /** YAML 1.1, the format people write. Extensions {@code .yaml} and {@code .yml}. */
  YAML,
  /** JSON, for machines. Extension {@code .json}. */
  JSON;

  /**
   * Chooses the format from a file name's extension.
   *
   * @param file the file
   * @return the format, empty if the extension is neither YAML nor JSON
   */
  public static Optional<PolicyFormat> of(Path file) {
    Path name = file.getFileName();
    String lower = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
    if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
      return Optional.of(YAML);
    }
    if (lower.endsWith(".json")) {
      return Optional.of(JSON);
    }
    return Optional.empty();
  }
}
