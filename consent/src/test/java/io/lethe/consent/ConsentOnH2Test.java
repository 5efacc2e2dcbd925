package io.lethe.consent;

import static io.lethe.consent.TestEvents.choice;
import static io.lethe.consent.TestEvents.hash;
import static io.lethe.consent.TestEvents.link;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lethe.testsupport.TestDatabases;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The ledger on a database other than PostgreSQL: nothing is heard from other instances,
 * subscribing is harmless, and the PostgreSQL driver, an optional dependency, is never needed.
 */
@SuppressWarnings("try") // subscriptions are held open for a block, never read in it
class ConsentOnH2Test {

  @Test
  void nothing_is_heard_and_subscribing_starts_no_thread() throws Exception {
    // GIVEN a ledger on H2
    JdbcConsentLedger ledger =
        JdbcConsentLedger.of(TestDatabases.h2("consent-h2"), "consent_h2").createTableIfMissing();
    List<Set<String>> heard = new CopyOnWriteArrayList<>();

    // WHEN a listener subscribes and the ledger is appended to and announces
    assertThat(ledger.hearsOtherInstances()).isFalse();
    try (AutoCloseable subscription = ledger.subscribe(heard::add)) {
      ledger.append(List.of(choice(hash(), "marketing", ConsentStatus.CONSENT_GIVEN)));
      ledger.announce(Set.of(hash()));

      // THEN no thread listens, and nothing is heard
      assertThat(Thread.getAllStackTraces().keySet())
          .noneMatch(t -> t.getName().equals("lethe-consent-listener-consent_h2"));
    }
    assertThat(heard).isEmpty();
  }

  @Test
  void the_ledger_works_on_h2_without_the_postgresql_driver() throws Exception {
    // GIVEN the consent module's classes loaded where the PostgreSQL driver cannot be found
    ClassLoader withoutDriver = new WithoutDriverLoader(getClass().getClassLoader());
    assertThatThrownBy(() -> withoutDriver.loadClass("org.postgresql.PGConnection"))
        .isInstanceOf(ClassNotFoundException.class);
    @SuppressWarnings("unchecked")
    Callable<String> onH2 =
        (Callable<String>)
            withoutDriver.loadClass(UseOnH2.class.getName()).getConstructor().newInstance();
    assertThat(onH2.getClass().getClassLoader()).isSameAs(withoutDriver);

    // WHEN a ledger there is used as a host uses it
    String outcome = onH2.call();

    // THEN it works
    assertThat(outcome).isEqualTo("3 events, intact, 2 of one subject, hears others: false");
  }

  /** Uses a ledger on H2; run in {@link WithoutDriverLoader}. */
  public static final class UseOnH2 implements Callable<String> {

    /** Creates it, by reflection. */
    public UseOnH2() {}

    @Override
    public String call() throws Exception {
      JdbcConsentLedger ledger =
          JdbcConsentLedger.of(TestDatabases.h2("consent-no-driver")).createTableIfMissing();
      String visitor = hash();
      ledger.append(
          List.of(
              choice(visitor, "analytics", ConsentStatus.CONSENT_GIVEN),
              link(visitor, hash()),
              choice(hash(), "analytics", ConsentStatus.CONSENT_REFUSED)));
      ledger.announce(Set.of(visitor));
      try (AutoCloseable subscription = ledger.subscribe(hashes -> {})) {
        return ledger.last().orElseThrow().sequence()
            + " events, "
            + (ConsentChain.verify(ledger).intact() ? "intact" : "broken")
            + ", "
            + ledger.events(List.of(visitor)).size()
            + " of one subject, hears others: "
            + ledger.hearsOtherInstances();
      }
    }
  }

  /**
   * Loads the consent module's classes itself and refuses the PostgreSQL driver's; everything else
   * comes from the test's class loader.
   */
  private static final class WithoutDriverLoader extends ClassLoader {

    WithoutDriverLoader(ClassLoader parent) {
      super(parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        if (name.startsWith("org.postgresql.")) {
          throw new ClassNotFoundException(name);
        }
        if (!name.startsWith("io.lethe.consent.")) {
          return super.loadClass(name, resolve);
        }
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null) {
          try (InputStream in =
              getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
            if (in == null) {
              throw new ClassNotFoundException(name);
            }
            byte[] bytes = in.readAllBytes();
            loaded = defineClass(name, bytes, 0, bytes.length);
          } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
          }
        }
        return loaded;
      }
    }
  }
}
