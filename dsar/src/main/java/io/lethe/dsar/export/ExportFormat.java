package io.lethe.dsar.export;

/** The package an {@link AccessExporter} writes. */
public enum ExportFormat {
  /** One JSON document, as the {@link AccessExporter} class documentation describes. */
  JSON,
  /**
   * A ZIP holding one CSV entry per store and record category ({@code csv/<category>/<store>.csv})
   * and {@code context.json} with the subject, the policy and the Art. 15 context. Text cells that
   * a spreadsheet would evaluate as a formula are prefixed with {@code '}, as the {@link
   * AccessExporter} class documentation describes.
   */
  CSV_ZIP,
  /**
   * A ZIP holding {@code export.json} (the {@link #JSON} document) and the {@link #CSV_ZIP} CSVs.
   */
  ZIP
}
