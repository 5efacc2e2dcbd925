package io.lethe.retention.seeds;

import static io.lethe.retention.seeds.SeedWorld.END;
import static io.lethe.retention.seeds.SeedWorld.START;
import static io.lethe.retention.seeds.SeedWorld.at;
import static io.lethe.retention.seeds.SeedWorld.day;
import static io.lethe.retention.seeds.SeedWorld.days;

import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.IdentifierType;
import io.lethe.retention.seeds.SeedWorld.Rec;
import io.lethe.retention.seeds.SeedWorld.Table;
import io.lethe.retention.seeds.SeedWorld.TimeType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The four seed services' data, shaped after what each policy says the service keeps. Store
 * categories are the seed policy's own; every anchor a rule counts from has its column. Named
 * records sit on the days the hand-written checks look at; the rest are random, from the world's
 * seed.
 */
final class SeedWorlds {

  static final IdentifierType ACCOUNT = IdentifierType.ACCOUNT_ID;
  static final IdentifierType EMAIL = IdentifierType.EMAIL;
  static final IdentifierType COOKIE = IdentifierType.of("cookie_id");
  static final IdentifierType IP = IdentifierType.of("ip_address");

  private static final List<String> AGENTS =
      List.of(
          "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0",
          "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Safari/605.1.15",
          "curl/8.5.0",
          "python-requests/2.32.3");

  private SeedWorlds() {}

  /** The random seed: {@code -Dlethe.seed.random=N} repeats a failed run, else a fixed one. */
  static long randomSeed(long fallback) {
    String value = System.getProperty("lethe.seed.random");
    return value == null || value.isBlank() ? fallback : Long.parseLong(value.trim());
  }

  private static String hex(SeedWorld w, int length) {
    StringBuilder out = new StringBuilder();
    while (out.length() < length) {
      out.append(Integer.toHexString(w.random.nextInt(16)));
    }
    return out.toString();
  }

  private static String email(String seed, int i) {
    return "customer" + i + "@" + seed + "-mail.example";
  }

  // ------------------------------------------------------------------ VZGen

  /**
   * VZGen: accounts (30 days after closure), sessions (30 minutes of inactivity), verification jobs
   * (90 days after completion; the client IP a security log, 12 months), credit transactions and
   * payments (a 5-year floor and no maximum), security logs (12 months), wallet addresses (no
   * period), aggregated block statistics (indefinite).
   */
  static SeedWorld vzgen(long randomSeed) {
    SeedWorld w = new SeedWorld("vzgen", randomSeed);
    Table accounts =
        w.table("accounts", "user.account")
            .subject("account_id", ACCOUNT)
            .subject("email", EMAIL)
            .field("email", "user.contact.email")
            .field("password_hash", "user.authorization.credentials")
            .field("language", "user.account.settings.language")
            .anchor(Anchor.ACCOUNT_CLOSED, "closed_at");
    Table sessions =
        w.table("sessions", "user.authorization.session")
            .subject("account_id", ACCOUNT)
            .field("session_data", "user.authorization.session")
            .anchor(Anchor.LAST_ACTIVITY, "last_activity_at");
    Table jobs =
        w.table("jobs", "user.behavior.usage.job_history")
            .subject("account_id", ACCOUNT)
            .field("phone_numbers", "user.contact.phone_number.verified")
            .field("client_ip", "user.device.ip_address")
            .plain("filters")
            .plain("status_breakdown")
            .anchor("job.completed", "completed_at");
    Table credits =
        w.table("credit-transactions", "user.financial.transaction.credit_history")
            .subject("account_id", ACCOUNT)
            .plain("credits")
            .plain("balance_after");
    Table payments =
        w.table("payments", "user.financial.transaction.payment_reference")
            .subject("account_id", ACCOUNT)
            .subject("wallet_address", IdentifierType.WALLET_ADDRESS)
            .field("processor_tx_id", "user.financial.transaction.payment_reference")
            .field("wallet_address", "user.financial.crypto_wallet")
            .plain("amount_usdt");
    Table security =
        w.table("security-logs", "user.authorization.login_history")
            .subject("account_id", ACCOUNT)
            .field("ip", "user.device.ip_address")
            .field("user_agent", "user.device.user_agent")
            .plain("outcome");
    // Aggregated statistics are "not linked back to individual users": the subject column a
    // mapping needs is there, and always empty.
    Table blocks =
        w.table("block-statistics", "aggregate.statistics.block_performance")
            .subject("contributor", ACCOUNT)
            .plain("npa_nxx")
            .plain("hit_rate");

    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= 60; i++) {
      String id = "vz-" + i;
      ids.add(id);
      Instant created = w.between(START.minus(days(500)), END.minus(days(30)));
      Rec account =
          accounts
              .record(null, created)
              .set("account_id", id)
              .set("email", email("vzgen", i))
              .set("password_hash", "$2b$12$" + hex(w, 53))
              .set("language", w.pick(List.of("en", "es")));
      if (w.chance(0.45)) {
        Instant from = created.isAfter(START.minus(days(45))) ? created : START.minus(days(45));
        account.on(Anchor.ACCOUNT_CLOSED, w.between(from, END));
      }
    }
    accounts
        .record("account closed 2026-06-15", at("2025-03-01T09:00:00Z"))
        .set("account_id", "vz-closed-june")
        .set("email", "june@vzgen-mail.example")
        .set("password_hash", "$2b$12$" + hex(w, 53))
        .set("language", "en")
        .on(Anchor.ACCOUNT_CLOSED, day("2026-06-15"));
    accounts
        .record("account closed a microsecond before February", at("2025-11-11T11:11:11Z"))
        .set("account_id", "vz-closed-jan")
        .set("email", "jan@vzgen-mail.example")
        .set("password_hash", "$2b$12$" + hex(w, 53))
        .set("language", "es")
        .on(Anchor.ACCOUNT_CLOSED, at("2026-01-31T23:59:59.999999Z"));
    accounts
        .record("account never closed", day("2026-01-10"))
        .set("account_id", "vz-open")
        .set("email", "open@vzgen-mail.example")
        .set("password_hash", "$2b$12$" + hex(w, 53))
        .set("language", "en");

    for (int i = 0; i < 120; i++) {
      Instant created = w.between(START.minus(days(1)), END);
      Rec session =
          sessions
              .record(null, created)
              .set("account_id", w.pick(ids))
              .set("session_data", "enc:" + hex(w, 24))
              .on(Anchor.LAST_ACTIVITY, created);
      Instant last = created;
      for (int k = w.upTo(4); k > 0; k--) {
        last = w.after(last, w.chance(0.8) ? Duration.ofMinutes(25) : days(2));
        session.on(Anchor.LAST_ACTIVITY, last);
      }
    }
    sessions
        .record("session active until 23:45", at("2026-02-01T23:00:00Z"))
        .set("account_id", "vz-open")
        .set("session_data", "enc:named-1")
        .on(Anchor.LAST_ACTIVITY, at("2026-02-01T23:00:00Z"))
        .on(Anchor.LAST_ACTIVITY, at("2026-02-01T23:45:00Z"));
    sessions
        .record("session idle exactly 30 minutes at the sweep", at("2026-02-10T23:30:00Z"))
        .set("account_id", "vz-open")
        .set("session_data", "enc:named-2")
        .on(Anchor.LAST_ACTIVITY, at("2026-02-10T23:30:00Z"));

    for (int i = 0; i < 150; i++) {
      Instant created = w.between(START.minus(days(200)), END.minus(days(1)));
      Rec job =
          jobs.record(null, created)
              .set("account_id", w.pick(ids))
              .set("phone_numbers", String.join(",", w.phone(), w.phone()))
              .set("client_ip", w.chance(0.8) ? w.ip() : null)
              .set("filters", w.pick(List.of("live-only", "all", "no-transferred")))
              .set("status_breakdown", "live=" + w.upTo(100) + ",dead=" + w.upTo(100));
      if (w.chance(0.85)) {
        job.on("job.completed", w.after(created, w.chance(0.9) ? Duration.ofHours(2) : days(3)));
      }
    }
    jobs.record("job completed 2026-01-10", at("2026-01-09T21:00:00Z"))
        .set("account_id", "vz-open")
        .set("phone_numbers", "+15550000001,+15550000002")
        .set("client_ip", "198.51.100.10")
        .set("filters", "all")
        .on("job.completed", day("2026-01-10"));
    jobs.record("job never completed", day("2026-01-10"))
        .set("account_id", "vz-open")
        .set("phone_numbers", "+15550000003")
        .set("client_ip", "198.51.100.11")
        .set("filters", "all");

    for (int i = 0; i < 100; i++) {
      credits
          .record(null, w.between(START.minus(days(6 * 365)), END))
          .set("account_id", w.pick(ids))
          .set("credits", String.valueOf(w.upTo(500) - 250))
          .set("balance_after", String.valueOf(w.upTo(10_000)));
    }
    credits
        .record("credit transaction 2026-01-10", day("2026-01-10"))
        .set("account_id", "vz-open")
        .set("credits", "1000")
        .set("balance_after", "1000");

    for (int i = 0; i < 50; i++) {
      payments
          .record(null, w.between(START.minus(days(400)), END))
          .set("account_id", w.pick(ids))
          .set("processor_tx_id", "TX" + hex(w, 20))
          .set("wallet_address", "T" + hex(w, 33))
          .set("amount_usdt", String.valueOf(w.upTo(900)));
    }

    for (int i = 0; i < 200; i++) {
      security
          .record(null, w.between(START.minus(days(400)), END))
          .set("account_id", w.chance(0.9) ? w.pick(ids) : null)
          .set("ip", w.ip())
          .set("user_agent", w.pick(AGENTS))
          .set("outcome", w.pick(List.of("login", "failed", "lockout")));
    }
    security
        .record("ip log 2026-01-10", day("2026-01-10"))
        .set("account_id", "vz-open")
        .set("ip", "198.51.100.12")
        .set("user_agent", AGENTS.get(0))
        .set("outcome", "login");

    for (int i = 0; i < 20; i++) {
      blocks
          .record(null, w.between(START.minus(days(300)), END))
          .set("npa_nxx", (200 + w.upTo(700)) + "-" + (200 + w.upTo(700)))
          .set("hit_rate", String.valueOf(w.upTo(100)));
    }
    return w;
  }

  // ------------------------------------------------------------------ VRNUM

  /**
   * VRNUM: accounts, whose email and settings go 30 days after a deletion request and whose
   * marketing attribution goes at closure (the account row itself has no rule); the SMS inbox on a
   * rolling 30 days; server logs 90 days; transaction records at most 5 years (in a DATE column);
   * site analytics, with no rule.
   */
  static SeedWorld vrnum(long randomSeed) {
    SeedWorld w = new SeedWorld("vrnum", randomSeed);
    Table accounts =
        w.table("accounts", "user.account")
            .subject("account_id", ACCOUNT)
            .subject("email", EMAIL)
            .field("email", "user.contact.email")
            .field("language", "user.account.settings")
            .field("utm_source", "user.behavior.marketing_attribution")
            .field("referrer_domain", "user.behavior.marketing_attribution.referrer_domain")
            .anchor(Anchor.DELETION_REQUESTED, "deletion_requested_at")
            .anchor(Anchor.ACCOUNT_CLOSED, "closed_at")
            .anonymizedAt("anonymized_at");
    Table sms =
        w.table("sms-inbox", "user.content.private.sms_inbox")
            .subject("account_id", ACCOUNT)
            .subject("virtual_number", IdentifierType.PHONE)
            .field("sender", "user.content.private.sms_inbox")
            .field("body", "user.content.private.sms_inbox");
    Table logs =
        w.table("server-logs", "user.device.server_log")
            .subject("ip", IP)
            .field("ip", "user.device.ip_address")
            .plain("request_line")
            .plain("status");
    Table transactions =
        w.table("transactions", "user.financial.transaction.order_reference")
            .subject("account_id", ACCOUNT)
            .field("order_reference", "user.financial.transaction.order_reference")
            .plain("amount")
            .times(TimeType.DATE);
    Table analytics =
        w.table("site-analytics", "user.behavior.site_analytics")
            .subject("client_id", COOKIE)
            .field("page_url", "user.behavior.site_analytics")
            .plain("country");

    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= 80; i++) {
      String id = "vr-" + i;
      ids.add(id);
      Instant created = w.between(START.minus(days(300)), END.minus(days(10)));
      Rec account =
          accounts
              .record(null, created)
              .set("account_id", id)
              .set("email", email("vrnum", i))
              .set("language", w.pick(List.of("en", "ru", "es")))
              .set(
                  "utm_source",
                  w.chance(0.6) ? w.pick(List.of("google", "reddit", "telegram")) : null)
              .set("referrer_domain", w.chance(0.5) ? w.pick(List.of("google.com", "t.me")) : null);
      Instant from = created.isAfter(START.minus(days(35))) ? created : START.minus(days(35));
      if (w.chance(0.4)) {
        Instant requested = w.between(from, END);
        account.on(Anchor.DELETION_REQUESTED, requested);
        if (w.chance(0.8)) {
          account.on(Anchor.ACCOUNT_CLOSED, w.after(requested, days(3)));
        }
      } else if (w.chance(0.15)) {
        account.on(Anchor.ACCOUNT_CLOSED, w.between(from, END)); // closed by an administrator
      }
    }
    accounts
        .record("account deletion requested 2026-05-01", at("2025-12-24T18:00:00Z"))
        .set("account_id", "vr-leaving")
        .set("email", "leaving@vrnum-mail.example")
        .set("language", "en")
        .set("utm_source", "google")
        .set("referrer_domain", "google.com")
        .on(Anchor.DELETION_REQUESTED, day("2026-05-01"))
        .on(Anchor.ACCOUNT_CLOSED, at("2026-05-01T09:30:00Z"));
    accounts
        .record("account open", day("2026-01-10"))
        .set("account_id", "vr-open")
        .set("email", "open@vrnum-mail.example")
        .set("language", "en")
        .set("utm_source", "reddit");

    for (int i = 0; i < 300; i++) {
      sms.record(null, w.between(START.minus(days(40)), END))
          .set("account_id", w.pick(ids))
          .set("virtual_number", w.phone())
          .set("sender", w.pick(List.of("Telegram", "WhatsApp", "Google", w.phone())))
          .set("body", "Your code is " + (100_000 + w.upTo(900_000)));
    }
    sms.record("sms 2026-03-01T08:00", at("2026-03-01T08:00:00Z"))
        .set("account_id", "vr-open")
        .set("virtual_number", "+15550000010")
        .set("sender", "Telegram")
        .set("body", "Your code is 424242");

    for (int i = 0; i < 200; i++) {
      String ip = w.ip();
      logs.record(null, w.between(START.minus(days(100)), END))
          .set("ip", ip)
          .set(
              "request_line",
              w.pick(List.of("GET /dashboard", "POST /api/v1/numbers", "GET /inbox")))
          .set("status", w.pick(List.of("200", "302", "429")));
    }
    logs.record("server log 2026-01-10", day("2026-01-10"))
        .set("ip", "198.51.100.20")
        .set("request_line", "GET /")
        .set("status", "200");

    for (int i = 0; i < 80; i++) {
      transactions
          .record(null, w.between(START.minus(days(5 * 365 + 100)), END))
          .set("account_id", w.pick(ids))
          .set("order_reference", "ORD-" + hex(w, 10))
          .set("amount", String.valueOf(w.upTo(200)));
    }
    transactions
        .record("transaction 2021-03-15", day("2021-03-15"))
        .set("account_id", "vr-open")
        .set("order_reference", "ORD-named")
        .set("amount", "20");

    for (int i = 0; i < 40; i++) {
      analytics
          .record(null, w.between(START.minus(days(30)), END))
          .set("client_id", "GA1." + hex(w, 10))
          .set("page_url", w.pick(List.of("/", "/pricing", "/faq")))
          .set("country", w.pick(List.of("DE", "US", "BR")));
    }
    return w;
  }

  // ------------------------------------------------------------------ Nexus

  /**
   * Nexus: one-time codes (gone at delivery), accounts (email and credentials 30 days after a
   * deletion request), anonymous orders with a tracking id (90 days), transactions and verification
   * history (exactly 7 years: floor and maximum), API logs (no rule).
   */
  static SeedWorld nexus(long randomSeed) {
    SeedWorld w = new SeedWorld("nexus", randomSeed);
    Table codes =
        w.table("otp-codes", "user.content.private.verification_code")
            .subject("account_id", ACCOUNT)
            .subject("tracking_id", IdentifierType.TRACKING_ID)
            .field("code", "user.content.private.verification_code")
            .plain("service")
            .anchor(Anchor.DELIVERED, "delivered_at");
    Table accounts =
        w.table("accounts", "user.account")
            .subject("account_id", ACCOUNT)
            .subject("email", EMAIL)
            .field("email", "user.contact.email")
            .field("password_hash", "user.authorization.credentials")
            .anchor(Anchor.DELETION_REQUESTED, "deletion_requested_at");
    Table orders =
        w.table("anonymous-orders", "user.behavior.purchase_history.anonymous_order")
            .subject("tracking_id", IdentifierType.TRACKING_ID)
            .field("tracking_id", "user.unique_id.pseudonymous")
            .plain("service")
            .plain("country");
    Table transactions =
        w.table("transactions", "user.financial.transaction.purchase_record")
            .subject("account_id", ACCOUNT)
            .field("tx_hash", "user.financial.transaction.crypto_deposit")
            .plain("amount");
    Table history =
        w.table("verification-history", "user.behavior.usage.verification_history")
            .subject("account_id", ACCOUNT)
            .plain("service")
            .plain("number_last4");
    Table api =
        w.table("api-logs", "user.behavior.usage.api_log")
            .subject("account_id", ACCOUNT)
            .field("ip", "user.device.ip_address")
            .plain("endpoint")
            .plain("status");

    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= 60; i++) {
      String id = "nx-" + i;
      ids.add(id);
      Instant created = w.between(START.minus(days(400)), END.minus(days(10)));
      Rec account =
          accounts
              .record(null, created)
              .set("account_id", id)
              .set("email", email("nexus", i))
              .set("password_hash", "$argon2id$" + hex(w, 40));
      if (w.chance(0.35)) {
        Instant from = created.isAfter(START.minus(days(35))) ? created : START.minus(days(35));
        account.on(Anchor.DELETION_REQUESTED, w.between(from, END));
      }
    }
    accounts
        .record("account deletion requested 2026-08-20T15:00", at("2025-07-07T07:07:07Z"))
        .set("account_id", "nx-leaving")
        .set("email", "leaving@nexus-mail.example")
        .set("password_hash", "$argon2id$named")
        .on(Anchor.DELETION_REQUESTED, at("2026-08-20T15:00:00Z"));

    List<String> trackingIds = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      String tracking = "trk_" + hex(w, 16);
      trackingIds.add(tracking);
      orders
          .record(null, w.between(START.minus(days(100)), END))
          .set("tracking_id", tracking)
          .set("service", w.pick(List.of("telegram", "whatsapp", "tinder")))
          .set("country", w.pick(List.of("US", "GB", "ID")));
    }
    orders
        .record("anonymous order 2026-01-10", day("2026-01-10"))
        .set("tracking_id", "trk_named")
        .set("service", "telegram")
        .set("country", "US");

    for (int i = 0; i < 200; i++) {
      Instant created = w.between(START, END);
      boolean anonymous = w.chance(0.3);
      Rec code =
          codes
              .record(null, created)
              .set("account_id", anonymous ? null : w.pick(ids))
              .set("tracking_id", anonymous ? w.pick(trackingIds) : null)
              .set("code", String.valueOf(100_000 + w.upTo(900_000)))
              .set("service", w.pick(List.of("telegram", "whatsapp")));
      if (w.chance(0.85)) {
        code.on(
            Anchor.DELIVERED, w.after(created, w.chance(0.9) ? Duration.ofMinutes(20) : days(2)));
      }
    }
    codes
        .record("otp delivered 2026-03-05T10:15", at("2026-03-04T23:50:00Z"))
        .set("account_id", "nx-leaving")
        .set("code", "111111")
        .set("service", "telegram")
        .on(Anchor.DELIVERED, at("2026-03-05T10:15:00Z"));
    codes
        .record("otp delivered at the stroke of midnight", at("2026-03-06T23:59:30Z"))
        .set("account_id", "nx-leaving")
        .set("code", "222222")
        .set("service", "telegram")
        .on(Anchor.DELIVERED, day("2026-03-07"));
    codes
        .record("otp never delivered", at("2026-02-01T12:00:00Z"))
        .set("account_id", "nx-leaving")
        .set("code", "333333")
        .set("service", "whatsapp");

    for (int i = 0; i < 120; i++) {
      transactions
          .record(null, w.between(START.minus(days(7 * 365 + 60)), END))
          .set("account_id", w.pick(ids))
          .set("tx_hash", "0x" + hex(w, 64))
          .set("amount", String.valueOf(w.upTo(300)));
    }
    transactions
        .record("transaction 2020-02-28", day("2020-02-28"))
        .set("account_id", "nx-leaving")
        .set("tx_hash", "0xnamed28")
        .set("amount", "10");
    transactions
        .record("transaction 2020-03-01", day("2020-03-01"))
        .set("account_id", "nx-leaving")
        .set("tx_hash", "0xnamed01")
        .set("amount", "10");

    for (int i = 0; i < 80; i++) {
      history
          .record(null, w.between(START.minus(days(7 * 365 + 30)), END))
          .set("account_id", w.pick(ids))
          .set("service", w.pick(List.of("telegram", "uber")))
          .set("number_last4", String.valueOf(1000 + w.upTo(9000)));
    }

    for (int i = 0; i < 100; i++) {
      api.record(null, w.between(START.minus(days(60)), END))
          .set("account_id", w.pick(ids))
          .set("ip", w.ip())
          .set("endpoint", w.pick(List.of("/api/v1/order", "/api/v1/code")))
          .set("status", w.pick(List.of("200", "401", "429")));
    }
    return w;
  }

  /**
   * Nexus transactions anchored on 28 and 29 February 2020 and on 1 March 2020: with the 7-year
   * rule, the first two end on 28 February 2027, the last on 1 March 2027.
   */
  static SeedWorld nexusLeapDay() {
    SeedWorld w = new SeedWorld("nexusleap", 0);
    Table transactions =
        w.table("transactions", "user.financial.transaction.purchase_record")
            .subject("account_id", ACCOUNT)
            .field("tx_hash", "user.financial.transaction.crypto_deposit")
            .plain("amount");
    for (String date : List.of("2020-02-28", "2020-02-29", "2020-03-01")) {
      transactions
          .record("transaction " + date, day(date))
          .set("account_id", "nx-1")
          .set("tx_hash", "0x" + date)
          .set("amount", "10");
    }
    transactions
        .record("transaction 2020-02-28T12:00", at("2020-02-28T12:00:00Z"))
        .set("account_id", "nx-1")
        .set("tx_hash", "0xnoon")
        .set("amount", "10");
    return w;
  }

  // ------------------------------------------------------------------ NumberOTP

  /**
   * NumberOTP: accounts (a row of account data: email, name, credentials, gone 90 days after
   * closure), transaction records (exactly 7 years, in a TIMESTAMP column without zone), technical
   * data and activation history (no rule), anonymized usage analytics (indefinite).
   */
  static SeedWorld numberotp(long randomSeed) {
    SeedWorld w = new SeedWorld("numberotp", randomSeed);
    Table accounts =
        w.table("accounts", "user.contact.email")
            .subject("account_id", ACCOUNT)
            .subject("email", EMAIL)
            .field("email", "user.contact.email")
            .field("name", "user.name")
            .field("password_hash", "user.authorization.credentials")
            .field("webhook_url", "user.behavior.usage.webhook_configuration")
            .anchor(Anchor.ACCOUNT_CLOSED, "closed_at");
    Table transactions =
        w.table("transactions", "user.financial.transaction")
            .subject("account_id", ACCOUNT)
            .plain("amount")
            .plain("kind")
            .times(TimeType.TIMESTAMP);
    Table technical =
        w.table("technical-data", "user.device.browser_information")
            .subject("account_id", ACCOUNT)
            .field("ip", "user.device.ip_address")
            .field("fingerprint", "user.device.fingerprint")
            .field("browser", "user.device.browser_information");
    Table activations =
        w.table("activations", "user.behavior.usage.activation_history")
            .subject("account_id", ACCOUNT)
            .field("service", "user.behavior.usage.service_selection")
            .plain("country");
    Table analytics =
        w.table("usage-analytics", "aggregate.usage_analytics")
            .subject("contributor", ACCOUNT)
            .plain("service")
            .plain("activations");

    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= 80; i++) {
      String id = "no-" + i;
      ids.add(id);
      Instant created = w.between(START.minus(days(400)), END.minus(days(10)));
      Rec account =
          accounts
              .record(null, created)
              .set("account_id", id)
              .set("email", email("numberotp", i))
              .set("name", w.pick(List.of("Ana", "Bo", "Chen")))
              .set("password_hash", "$2y$10$" + hex(w, 53))
              .set("webhook_url", w.chance(0.3) ? "https://hooks.example/" + hex(w, 8) : null);
      if (w.chance(0.4)) {
        Instant from = created.isAfter(START.minus(days(100))) ? created : START.minus(days(100));
        account.on(Anchor.ACCOUNT_CLOSED, w.between(from, END));
      }
    }
    accounts
        .record("account closed 2026-02-01", at("2025-06-01T10:00:00Z"))
        .set("account_id", "no-leaving")
        .set("email", "leaving@numberotp-mail.example")
        .set("name", "Dana")
        .set("password_hash", "$2y$10$named")
        .on(Anchor.ACCOUNT_CLOSED, day("2026-02-01"));

    for (int i = 0; i < 120; i++) {
      transactions
          .record(null, w.between(START.minus(days(7 * 365 + 60)), END))
          .set("account_id", w.pick(ids))
          .set("amount", String.valueOf(w.upTo(100)))
          .set("kind", w.pick(List.of("top-up", "activation", "refund")));
    }
    transactions
        .record("transaction 2019-06-30T18:00", at("2019-06-30T18:00:00Z"))
        .set("account_id", "no-leaving")
        .set("amount", "5")
        .set("kind", "top-up");

    for (int i = 0; i < 150; i++) {
      technical
          .record(null, w.between(START.minus(days(200)), END))
          .set("account_id", w.pick(ids))
          .set("ip", w.ip())
          .set("fingerprint", hex(w, 32))
          .set("browser", w.pick(AGENTS));
    }
    technical
        .record("technical data 2026-01-10", day("2026-01-10"))
        .set("account_id", "no-leaving")
        .set("ip", "198.51.100.30")
        .set("fingerprint", "fp-1")
        .set("browser", AGENTS.get(1));

    for (int i = 0; i < 60; i++) {
      activations
          .record(null, w.between(START.minus(days(100)), END))
          .set("account_id", w.pick(ids))
          .set("service", w.pick(List.of("telegram", "discord")))
          .set("country", w.pick(List.of("US", "VN")));
    }
    for (int i = 0; i < 20; i++) {
      analytics
          .record(null, w.between(START.minus(days(100)), END))
          .set("service", w.pick(List.of("telegram", "discord")))
          .set("activations", String.valueOf(w.upTo(5000)));
    }
    return w;
  }
}
