package corral.runtime.cap.authority;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.runtime.cap.CapId;
import corral.runtime.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FileAuditTrailTest {
  @TempDir Path tmp;

  @Test
  void aFloodOfDenialsNeitherBlocksTheCallerNorLosesTheCount() throws Exception {
    Path file = tmp.resolve("audit.log");
    int events = 200_000;
    CapId cap = new CapId(1, 2);
    try (FileAuditTrail audit =
        new FileAuditTrail(file, new MutableClock(Instant.parse("2030-01-01T00:00:00Z")), 16)) {
      for (int i = 0; i < events; i++) { // a queue of 16 overflows: offer never waits
        audit.deniedCall(7, cap, 9, i & 7, "not granted");
      }
    }
    List<String> lines = Files.readAllLines(file);
    long written = lines.stream().filter(l -> l.contains(" denied ")).count();
    long dropped =
        lines.stream()
            .filter(l -> l.contains(" dropped "))
            .mapToLong(l -> Long.parseLong(l.split(" ")[2]))
            .sum();
    assertTrue(dropped > 0, "the flood overflowed the queue");
    assertEquals(events, written + dropped, "every event is written or counted");
  }
}
