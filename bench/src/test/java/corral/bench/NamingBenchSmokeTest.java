package corral.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The naming harness runs a tiny version of every figure, with a real ZooKeeper server process and
 * a real recovery process, and prints each. Says nothing about speed.
 */
class NamingBenchSmokeTest {
  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void aTinyRunProducesEveryFigure() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    new NamingBench(
            new PrintStream(printed, true, StandardCharsets.UTF_8),
            "--names",
            "2000",
            "--runs",
            "1",
            "--run-millis",
            "100",
            "--watchers",
            "10",
            "--changes",
            "5")
        .run();
    String log = printed.toString(StandardCharsets.UTF_8);
    for (String figure :
        new String[] {
          "embedded (JournalNameStore)",
          "ZooKeeper getData round trip",
          "embedded / ZooKeeper (per run)",
          "(c) watch fan-out",
          "open in a fresh JVM (a restart)",
          "disk size: "
        }) {
      assertTrue(log.contains(figure), "no \"" + figure + "\" in:\n" + log);
    }
    assertFalse(log.contains("Exception"), log);
  }
}
