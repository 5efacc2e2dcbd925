package io.lethe.core.policy;

import io.lethe.core.LetheException;
import io.lethe.core.internal.SafeText;
import java.nio.file.Path;

/** A policy file could not be read or written (missing, unreadable, unknown extension). */
public final class PolicyFileException extends LetheException {

  private static final long serialVersionUID = 1L;

  private final String file;

  private PolicyFileException(String file, String message, Throwable cause) {
    super(message, cause);
    this.file = file;
  }

  static PolicyFileException cannotRead(Path file, Throwable cause) {
    return new PolicyFileException(
        file.toString(), "Cannot read policy file " + shown(file) + ": " + reason(cause), cause);
  }

  static PolicyFileException isDirectory(Path file) {
    return new PolicyFileException(
        file.toString(), "Cannot read policy file " + shown(file) + ": it is a directory", null);
  }

  private static String shown(Object file) {
    return SafeText.escape(String.valueOf(file));
  }

  static PolicyFileException cannotWrite(Path file, Throwable cause) {
    return new PolicyFileException(
        file.toString(), "Cannot write policy file " + shown(file) + ": " + reason(cause), cause);
  }

  private static String reason(Throwable cause) {
    Throwable root = cause instanceof java.io.UncheckedIOException u ? u.getCause() : cause;
    if (root instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (root instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (root instanceof java.nio.file.FileSystemException fs
        && fs.getReason() != null
        && fs.getReason().toLowerCase(java.util.Locale.ROOT).contains("is a directory")) {
      return "it is a directory";
    }
    if (root instanceof java.nio.charset.CharacterCodingException) {
      return "not UTF-8 text";
    }
    if (root instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return "input/output error";
  }

  static PolicyFileException unknownFormat(Path file) {
    return new PolicyFileException(
        file.toString(),
        "Cannot tell the format of policy file "
            + shown(file)
            + ": use a .yaml, .yml or .json extension",
        null);
  }

  static PolicyFileException missingResource(String name) {
    return new PolicyFileException(
        name, "No policy resource " + shown(name) + " on the class path", null);
  }

  /** {@return the file or resource concerned} */
  public String file() {
    return file;
  }
}
