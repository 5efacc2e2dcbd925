package io.lethe.dsar.spi;

import io.lethe.core.subject.SubjectRef;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A section of the access export that something other than the host's stores contributes, such as
 * the consent history a consent ledger keeps (GDPR Art. 15, and Art. 7(1): the controller
 * demonstrates consent). The request service does not need to know where it comes from: {@code
 * Lethe} adapts the consent engine to this interface, a host may add its own with {@link
 * io.lethe.dsar.export.AccessExporter.Builder#section}.
 *
 * <p>A section is written in access exports, never in portability exports (which hold only what the
 * subject provided, from the stores): in the JSON document under {@code sections.<name>}, as {@code
 * {"description": ..., "entries": [...]}}, and in the ZIP formats as one CSV file, {@code
 * sections/<name>.csv}, a row per entry and a column per key ({@link #columns()} first, then any
 * other key in the order met; a list or map value is written as its JSON text).
 *
 * <p>An entry is a map from a key to a plain value: text, a number, a boolean, null, or a list or
 * map of such values. Instants and any other value are written as their text ({@link
 * java.time.Instant} as ISO-8601 UTC). An entry holds what the subject is entitled to see about
 * themselves; it names no other subject, and no keyed hash of an identifier (a subject gains
 * nothing from one). If {@link #entries} throws, the export fails and is audited as failed.
 */
public interface ExportSection {

  /** What a section's name must look like: lower case letters, digits and '_', from a letter. */
  Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  /**
   * The section's name: its key in the JSON document and its CSV file's name.
   *
   * @return a name matching {@link #NAME}, such as {@code consent}
   */
  String name();

  /**
   * What the section holds, told to the subject at its head: where it comes from, and what is kept
   * of them there and how.
   *
   * @return a sentence or two, without personal data
   */
  String description();

  /**
   * The columns of the section's CSV file, in order, so that it has a header even without entries;
   * keys an entry has beyond them follow, in the order met.
   *
   * @return the columns; empty by default
   */
  default List<String> columns() {
    return List.of();
  }

  /**
   * The section's entries for a subject, in the order to show them.
   *
   * @param identities every identifier of the subject the stores link to the one in the request,
   *     the request's first
   * @return the entries; empty if there is nothing of the subject
   */
  List<Map<String, Object>> entries(Set<SubjectRef> identities);
}
