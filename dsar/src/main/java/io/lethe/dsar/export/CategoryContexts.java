package io.lethe.dsar.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.DataCategory;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.Purpose;
import io.lethe.core.policy.Recipient;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.policy.TransferSafeguard;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Art. 15 context the policy gives for each category (name, purposes, recipients, retention,
 * source), rendered as JSON text once per category and exporter.
 *
 * <p>The policy does not change, so each category's context is rendered once; the categories are
 * those the stores hold, so the cache stays small (at most {@value #MAX_CACHED_CONTEXTS}; past that
 * a category's context is rendered each time).
 */
final class CategoryContexts {

  private static final int MAX_CACHED_CONTEXTS = 4096;

  private final PrivacyPolicy policy;
  private final ObjectMapper mapper;

  /** The rendered context of each category met so far. */
  private final Map<CategoryKey, SerializedString> contexts = new ConcurrentHashMap<>();

  CategoryContexts(PrivacyPolicy policy, ObjectMapper mapper) {
    this.policy = policy;
    this.mapper = mapper;
  }

  /** {@return the Art. 15 context of a category as JSON text} */
  SerializedString contextOf(CategoryKey category) {
    SerializedString rendered = contexts.get(category);
    if (rendered == null) {
      StringWriter text = new StringWriter();
      try (JsonGenerator json = mapper.createGenerator(text)) {
        writeContext(json, category);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot render the context of a category", e);
      }
      rendered = new SerializedString(text.toString());
      if (contexts.size() < MAX_CACHED_CONTEXTS) {
        contexts.put(category, rendered);
      }
    }
    return rendered;
  }

  private void writeContext(JsonGenerator json, CategoryKey category) throws IOException {
    boolean known = policy.taxonomy().contains(category);
    json.writeStartObject();
    json.writeStringField(
        "name",
        known ? policy.taxonomy().find(category).map(DataCategory::name).orElse(null) : null);
    json.writeArrayFieldStart("purposes");
    for (Purpose purpose : known ? policy.purposesUsing(category) : List.<Purpose>of()) {
      json.writeStartObject();
      json.writeStringField("key", purpose.key());
      json.writeStringField("name", purpose.name());
      json.writeStringField("lawfulBasis", fileSpelling(purpose.basis()));
      json.writeStringField("article", purpose.basis().article());
      if (purpose.legitimateInterest() != null) {
        json.writeStringField("legitimateInterest", purpose.legitimateInterest());
      }
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeArrayFieldStart("recipients");
    for (Recipient recipient : known ? policy.recipientsOf(category) : List.<Recipient>of()) {
      json.writeStartObject();
      json.writeStringField("key", recipient.key());
      json.writeStringField("name", recipient.name());
      json.writeStringField("role", fileSpelling(recipient.role()));
      json.writeStringField(
          "location", recipient.location() == null ? null : recipient.location().code());
      json.writeBooleanField("outsideEea", recipient.mayReceiveOutsideEea());
      json.writeArrayFieldStart("safeguards");
      for (TransferSafeguard safeguard : recipient.safeguards()) {
        json.writeString(fileSpelling(safeguard));
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    json.writeEndArray();
    RetentionRule rule = known ? policy.ruleFor(category).orElse(null) : null;
    if (rule == null) {
      json.writeNullField("retention");
    } else {
      json.writeObjectFieldStart("retention");
      json.writeStringField("rule", rule.id());
      json.writeStringField("anchor", text(rule.anchor()));
      json.writeStringField("maximum", text(rule.maximum()));
      json.writeStringField("minimum", text(rule.minimum()));
      json.writeStringField("action", fileSpelling(rule.action()));
      json.writeStringField("criteria", rule.criteria());
      json.writeStringField("legalReference", rule.legalReference());
      json.writeEndObject();
    }
    json.writeStringField("source", AccessExporter.SOURCE);
    json.writeEndObject();
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }

  /** An enum value as policy files spell it: {@code legitimate_interests}, {@code processor}. */
  private static String fileSpelling(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
