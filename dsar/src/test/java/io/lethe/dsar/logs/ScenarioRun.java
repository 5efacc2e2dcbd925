package io.lethe.dsar.logs;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs test classes in this JVM and exits 0 if they all passed: the child process of {@link
 * NoPersonalDataInLogsTest}, started with Lethe's logging at TRACE into a file.
 */
public final class ScenarioRun {

  private ScenarioRun() {}

  /**
   * Runs the named test classes.
   *
   * @param classes fully qualified names of test classes
   * @throws ClassNotFoundException if one is not on the class path
   */
  public static void main(String[] classes) throws ClassNotFoundException {
    // proves to the parent that io.lethe loggers log at TRACE here
    org.slf4j.LoggerFactory.getLogger("io.lethe.probe").trace("probe at trace");
    LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
    for (String name : classes) {
      request.selectors(selectClass(Class.forName(name)));
    }
    LauncherDiscoveryRequest built = request.build();
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    launcher.execute(built, summary);
    TestExecutionSummary result = summary.getSummary();
    System.out.println(
        "tests "
            + result.getTestsSucceededCount()
            + " passed, "
            + result.getTotalFailureCount()
            + " failed");
    result
        .getFailures()
        .forEach(f -> System.out.println("failed: " + f.getTestIdentifier().getDisplayName()));
    System.exit(result.getTotalFailureCount() == 0 && result.getTestsSucceededCount() > 0 ? 0 : 1);
  }
}
