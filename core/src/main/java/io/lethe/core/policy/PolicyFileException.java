package io.lethe.core.policy;

import io.lethe.core.LetheException;
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
    return new PolicyFileException(file.toString(), "Cannot read policy file " + file + ": "
        + reason(cause), cause);
  }

  static PolicyFileException cannotWrite(Path file, Throwable cause) {
    return new PolicyFileException(file.toString(), "Cannot write policy file " + file + ": "
        + reason(cause), cause);
  }

  private static String reason(Throwable cause) {
    Throwable root = cause instanceof java.io.UncheckedIOException u ? u.getCause() : cause;
    if (root instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (root instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
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
    return new PolicyFileException(file.toString(), "Cannot tell the format of policy file "
        + file + ": use a .yaml, .yml or .json extension", null);
  }

  static PolicyFileException missingResource(String name) {
    return new PolicyFileException(name, "No policy resource " + name + " on the class path",
        null);
  }

  /** {@return the file or resource concerned} */
  public String file() {
    return file;
  }
}
