package io.lethe.consent;

import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.Jurisdiction;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Unsealed consent events for tests, subjects named by made-up keyed hashes. */
final class TestEvents {

  static final Instant T0 = Instant.parse("2026-03-01T09:30:00.123456Z");

  private TestEvents() {}

  /** {@return a made-up keyed hash: 64 lower-case hex digits} */
  static String hash() {
    byte[] bytes = new byte[32];
    ThreadLocalRandom.current().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  static ConsentEvent choice(String subject, String purpose, ConsentStatus status) {
    return new ConsentEvent(
        0,
        UUID.randomUUID().toString(),
        T0,
        ConsentEvent.Kind.CHOICE,
        subject,
        IdentifierType.ACCOUNT_ID,
        purpose,
        "newsletter-notice",
        "3",
        null,
        status,
        ConsentMethod.BANNER,
        ExpressedBy.SUBJECT,
        Jurisdiction.GDPR,
        null,
        null,
        false,
        null,
        null,
        null,
        ConsentEvent.GENESIS,
        "");
  }

  static ConsentEvent link(String subject, String linked) {
    return new ConsentEvent(
        0,
        UUID.randomUUID().toString(),
        T0,
        ConsentEvent.Kind.LINK,
        subject,
        IdentifierType.TRACKING_ID,
        null,
        null,
        null,
        null,
        null,
        ConsentMethod.API,
        ExpressedBy.SUBJECT,
        null,
        null,
        null,
        false,
        null,
        linked,
        IdentifierType.ACCOUNT_ID,
        ConsentEvent.GENESIS,
        "");
  }
}
