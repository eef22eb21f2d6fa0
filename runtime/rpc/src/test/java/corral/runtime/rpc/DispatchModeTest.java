package corral.runtime.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dispatch mode this test JVM runs in: calls start on the event loop by default, and are all
 * handed to virtual threads with {@code corral.rpc.dispatch=handoff} (the build runs the protocol
 * suites once more that way: runtime/rpc/pom.xml, execution {@code handoff-dispatch}).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DispatchModeTest {
  @Test
  void callsStartWhereThePropertySays(@TempDir Path dir) {
    boolean handoff = "handoff".equals(System.getProperty(InlineThreads.DISPATCH_PROPERTY));
    assertEquals(
        !handoff, InlineThreads.available(), String.valueOf(InlineThreads.unavailableReason()));
    AtomicReference<String> thread = new AtomicReference<>();
    Server server =
        new Server() {
          @Override
          protected void dispatch(long interfaceId, short methodId, CallContext context) {
            thread.set(Thread.currentThread().toString());
          }
        };
    String address = "unix:" + dir.resolve("mode.sock");
    try (Vat.Listener _ = Vat.serve(address, server);
        RpcConnection c = Vat.connect(address);
        Client client = c.bootstrap()) {
      for (int i = 0; i < 3; i++) {
        client.newCall(1, 0).send().join().close();
      }
    }
    assertEquals(!handoff, thread.get().contains("IoEventLoop"), thread.get());
  }
}
