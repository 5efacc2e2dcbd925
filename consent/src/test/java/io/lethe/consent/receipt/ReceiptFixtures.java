package io.lethe.consent.receipt;

import io.lethe.consent.ConsentEvent;
import io.lethe.consent.ConsentMethod;
import io.lethe.consent.ConsentStatus;
import io.lethe.consent.ExpressedBy;
import io.lethe.consent.OptOutSignal;
import io.lethe.core.policy.ConsentNotice;
import io.lethe.core.policy.Controller;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.Jurisdiction;
import io.lethe.core.policy.LawfulBasis;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.Purpose;
import io.lethe.core.policy.Recipient;
import io.lethe.core.policy.RecipientRole;
import io.lethe.core.policy.TransferSafeguard;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.core.subject.SubjectRef;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** A shop's policy, its subject Ada known by her email, ledger events about her, and keys. */
final class ReceiptFixtures {

  /** Ada's identifier: it must appear in no receipt. */
  static final String EMAIL = "ada.lovelace@example.com";

  static final SubjectHasher HASHER =
      SubjectHasher.withSecret(
          "a secret of at least thirty-two bytes, for tests".getBytes(StandardCharsets.UTF_8));
  static final String ADA = HASHER.hash(SubjectRef.email(EMAIL));
  static final Instant AT = Instant.parse("2026-03-01T10:15:30.123456Z");
  static final Instant ISSUED = Instant.parse("2026-03-02T08:00:00Z");
  static final Clock CLOCK = Clock.fixed(ISSUED, ZoneOffset.UTC);
  static final String NOTICE_HASH =
      "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  static final KeyPair ED25519 = generate("Ed25519", null);
  static final KeyPair EC_P256 = generate("EC", "secp256r1");
  static final KeyPair RSA_2048 = generate("RSA", null);

  private ReceiptFixtures() {}

  /**
   * The shop: a newsletter (direct marketing on consent, mailed by a processor in the US),
   * personalised ads (consent, an ad network it sells data to), accounts (contract), and a purpose
   * for each other lawful basis.
   */
  static PrivacyPolicy policy() {
    return PrivacyPolicy.builder("shop")
        .controller(
            new Controller("Shop GmbH", "privacy@shop.example", "https://shop.example", null, null))
        .version("7")
        .effective(LocalDate.of(2026, 1, 1))
        .purpose(
            Purpose.builder("newsletter")
                .name("Sending the newsletter")
                .basis(LawfulBasis.CONSENT)
                .notice("marketing")
                .directMarketing(true)
                .categories("user.contact.email", "user.name")
                .build())
        .purpose(
            Purpose.builder("ads")
                .name("Personalised advertising")
                .basis(LawfulBasis.CONSENT)
                .notice("marketing")
                .categories("user.behavior.browsing_history")
                .build())
        .purpose(
            Purpose.builder("accounts")
                .name("Running your account")
                .basis(LawfulBasis.CONTRACT)
                .categories("user.account")
                .build())
        .purpose(
            Purpose.builder("tax")
                .name("Keeping the books")
                .basis(LawfulBasis.LEGAL_OBLIGATION)
                .categories("user.financial")
                .build())
        .purpose(
            Purpose.builder("emergency")
                .name("Emergencies on site")
                .basis(LawfulBasis.VITAL_INTERESTS)
                .categories("user.contact")
                .build())
        .purpose(
            Purpose.builder("census")
                .name("Official statistics")
                .basis(LawfulBasis.PUBLIC_TASK)
                .categories("user.account")
                .build())
        .purpose(
            Purpose.builder("fraud")
                .name("Preventing fraud")
                .basis(LawfulBasis.LEGITIMATE_INTERESTS)
                .legitimateInterest("a safe shop")
                .categories("user.behavior")
                .build())
        .recipient(
            Recipient.builder("mailer")
                .name("Mailer Inc")
                .role(RecipientRole.PROCESSOR)
                .categories("user.contact.email", "user.name")
                .purposes("newsletter")
                .location("US")
                .safeguards(TransferSafeguard.STANDARD_CONTRACTUAL_CLAUSES)
                .build())
        .recipient(
            Recipient.builder("bounces")
                .name("Bounce Handling Ltd")
                .role(RecipientRole.SUB_PROCESSOR)
                .categories("user.contact.email")
                .purposes("newsletter")
                .build())
        .recipient(
            Recipient.builder("adnet")
                .name("Ad Network SA")
                .role(RecipientRole.INDEPENDENT_CONTROLLER)
                .categories("user.behavior")
                .purposes("ads")
                .location("FR")
                .sale(true)
                .build())
        .recipient(
            Recipient.builder("partner")
                .name("Partner Shop")
                .role(RecipientRole.JOINT_CONTROLLER)
                .categories("user.account")
                .purposes("accounts")
                .build())
        .recipient(
            Recipient.builder("statistics-office")
                .name("Statistics Office")
                .role(RecipientRole.PUBLIC_AUTHORITY)
                .categories("user.account")
                .purposes("census")
                .build())
        .notice(
            new ConsentNotice(
                "marketing",
                "3",
                List.of("newsletter", "ads"),
                LocalDate.of(2026, 1, 1),
                null,
                "https://shop.example/consent/3",
                List.of()))
        .build();
  }

  /** A choice Ada made on the banner, sealed as the first event of a ledger. */
  static ConsentEvent choice(String purpose, ConsentStatus status) {
    return new ConsentEvent(
            0,
            "evt-" + status.name().toLowerCase(java.util.Locale.ROOT),
            AT,
            ConsentEvent.Kind.CHOICE,
            ADA,
            IdentifierType.EMAIL,
            purpose,
            "marketing",
            "3",
            NOTICE_HASH,
            status,
            ConsentMethod.BANNER,
            ExpressedBy.SUBJECT,
            Jurisdiction.GDPR,
            Instant.parse("2027-03-01T10:15:30Z"),
            "form-submission-4711",
            false,
            null,
            null,
            null,
            ConsentEvent.GENESIS,
            null)
        .sealedAt(1, ConsentEvent.GENESIS);
  }

  /** Ada's consent to the newsletter. */
  static ConsentEvent given() {
    return choice("newsletter", ConsentStatus.CONSENT_GIVEN);
  }

  /** Ada withdrawing it through an unsubscribe link, with nothing left to expire. */
  static ConsentEvent withdrawn() {
    return new ConsentEvent(
            0,
            "evt-withdrawn",
            AT,
            ConsentEvent.Kind.CHOICE,
            ADA,
            IdentifierType.EMAIL,
            "newsletter",
            "marketing",
            "3",
            NOTICE_HASH,
            ConsentStatus.CONSENT_WITHDRAWN,
            ConsentMethod.EMAIL_LINK,
            ExpressedBy.SUBJECT,
            Jurisdiction.GDPR,
            null,
            null,
            false,
            null,
            null,
            null,
            ConsentEvent.GENESIS,
            null)
        .sealedAt(1, ConsentEvent.GENESIS);
  }

  /** Ada's browser sending Global Privacy Control, honoured under the CCPA. */
  static ConsentEvent signal() {
    return new ConsentEvent(
            0,
            "evt-gpc",
            AT,
            ConsentEvent.Kind.SIGNAL,
            ADA,
            IdentifierType.EMAIL,
            null,
            null,
            null,
            null,
            null,
            ConsentMethod.OPT_OUT_SIGNAL,
            ExpressedBy.SUBJECT,
            Jurisdiction.CCPA,
            null,
            null,
            false,
            OptOutSignal.GLOBAL_PRIVACY_CONTROL.key(),
            null,
            null,
            ConsentEvent.GENESIS,
            null)
        .sealedAt(1, ConsentEvent.GENESIS);
  }

  /** Receipts for the shop, signed with a key. */
  static ConsentReceipts receipts(KeyPair keys, String keyId) {
    return ConsentReceipts.builder(policy())
        .signingKey(keys.getPrivate(), keyId)
        .clock(CLOCK)
        .build();
  }

  static KeyPair generate(String algorithm, String curve) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
      if (curve != null) {
        generator.initialize(new ECGenParameterSpec(curve));
      } else if (algorithm.equals("RSA") || algorithm.equals("DSA")) {
        generator.initialize(2048);
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static KeyPair rsa(int bits) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(bits);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
