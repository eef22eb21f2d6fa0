package corral.regdsl.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EventLineTest {

  @Test
  void raisesWhileTheLineIsPendingCoalesceIntoOneEvent(@TempDir Path dir) throws Exception {
    var clock = new AtomicLong();
    try (var receiver =
            EventLineReceiver.listen(
                "uart0.irq",
                dir.resolve("bell"),
                dir.resolve("s"),
                new RateLimit(10, 1, clock::get));
        var model = Doorbell.open(dir.resolve("bell"))) {
      assertTrue(model.ring(), "the first raise wakes the receiver");
      for (int i = 0; i < 4; i++) {
        assertFalse(model.ring(), "later raises only count");
      }
      assertEquals(Optional.of(new Event("uart0.irq", 5, 1)), receiver.poll());
      assertEquals(Optional.empty(), receiver.poll());
    }
  }

  @Test
  void theRateLimitHoldsRaisesBackUntilATokenIsDue(@TempDir Path dir) throws Exception {
    var clock = new AtomicLong();
    try (var receiver =
            EventLineReceiver.listen(
                "dma0.irq",
                dir.resolve("bell"),
                dir.resolve("s"),
                new RateLimit(10, 1, clock::get));
        var model = Doorbell.open(dir.resolve("bell"))) {
      model.ring();
      assertEquals(Optional.of(new Event("dma0.irq", 1, 1)), receiver.poll());
      model.ring();
      model.ring();
      assertEquals(Optional.empty(), receiver.poll(), "no token: the raises stay pending");
      clock.set(TimeUnit.MILLISECONDS.toNanos(50));
      model.ring();
      assertEquals(Optional.empty(), receiver.poll(), "half a token is not enough");
      clock.set(TimeUnit.MILLISECONDS.toNanos(100));
      assertEquals(Optional.of(new Event("dma0.irq", 3, 2)), receiver.poll());
    }
  }

  @Test
  void aDeviceModelProcessRaisesAndTheHolderReceivesEveryRaise(@TempDir Path dir) throws Exception {
    var events = new LinkedBlockingQueue<Event>();
    var modelDone = new CountDownLatch(1);
    try (var receiver =
        EventLineReceiver.listen(
            "uart0.irq", dir.resolve("bell"), dir.resolve("s"), RateLimit.unlimited())) {
      receiver.start(
          e -> {
            events.add(e);
            if (e.sequence() == 1) {
              // hold the first delivery until the model is done: everything else coalesces
              try {
                modelDone.await();
              } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
              }
            }
          });
      Process model =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  DeviceModelProcess.class.getName(),
                  dir.resolve("bell").toString(),
                  dir.resolve("s").toString(),
                  "1000")
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      try (var out = new BufferedReader(new InputStreamReader(model.getInputStream()))) {
        assertEquals("done", out.readLine());
      }
      assertEquals(0, model.waitFor());
      modelDone.countDown();
      List<Event> got = new ArrayList<>();
      long total = 0;
      while (total < 1000) {
        Event e = events.take();
        got.add(e);
        total += e.raises();
      }
      assertEquals(1000, total);
      assertTrue(got.size() <= 2, "raises during the held delivery coalesced: " + got);
    }
  }
}
