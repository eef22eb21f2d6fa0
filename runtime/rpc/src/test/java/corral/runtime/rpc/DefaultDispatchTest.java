package corral.runtime.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.runtime.testing.LogCapture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.capnproto.Data;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/**
 * The default dispatch (see {@link Server}): a method whose first call ended quickly runs its later
 * calls in a virtual thread started on the connection's event loop; a call that blocks frees the
 * loop; a method that keeps the loop loses it; one whose first call was slow never gets it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DefaultDispatchTest {
  private static final long IFACE = 0x0123_4567_89ab_cdefL;
  private static final short QUICK = 0;
  private static final short BLOCKS = 1;
  private static final short SPINS = 2;
  private static final short SPINS_LATER = 3;
  private static final short ECHO = 4;

  /** Records the thread (with its carrier, from {@code toString}) each method last ran on. */
  private static final class Recorder extends Server {
    final ConcurrentHashMap<Short, String> threads = new ConcurrentHashMap<>();
    final List<Integer> order = java.util.Collections.synchronizedList(new ArrayList<>());
    volatile CountDownLatch gate = new CountDownLatch(0);
    volatile long spinLaterNanos;
    final java.util.concurrent.atomic.AtomicInteger onLoopCalls =
        new java.util.concurrent.atomic.AtomicInteger();
    final java.util.concurrent.atomic.AtomicInteger offLoopCalls =
        new java.util.concurrent.atomic.AtomicInteger();

    Recorder() {
      this(true); // concurrent: a blocked call must not hold up the others
    }

    Recorder(boolean concurrent) {
      super(concurrent);
    }

    @Override
    protected void dispatch(long interfaceId, short methodId, CallContext context)
        throws Exception {
      String now = Thread.currentThread().toString();
      threads.put(methodId, now);
      if (onLoop(now)) {
        onLoopCalls.incrementAndGet();
      } else {
        offLoopCalls.incrementAndGet();
      }
      switch (methodId) {
        case QUICK -> {}
        case BLOCKS -> assertTrue(gate.await(10, TimeUnit.SECONDS), "never released");
        case SPINS -> spin(3_000_000);
        case SPINS_LATER -> spin(spinLaterNanos);
        case ECHO -> context.results().setAs(Data.factory, context.params().getAs(Data.factory));
        default -> throw unimplemented(interfaceId, methodId);
      }
    }

    private static void spin(long nanos) {
      long end = System.nanoTime() + nanos;
      while (System.nanoTime() < end) {
        Thread.onSpinWait();
      }
    }
  }

  private Vat.Listener listener;
  private RpcConnection connection;
  private Client client;
  private final Recorder server = new Recorder();

  @BeforeEach
  void connect(@TempDir Path dir) {
    assertTrue(
        InlineThreads.available(),
        "the tests run with java.lang open: " + InlineThreads.unavailableReason());
    String address = "unix:" + dir.resolve("s.sock");
    listener = Vat.serve(address, server);
    connection = Vat.connect(address);
    client = connection.bootstrap();
  }

  @AfterEach
  void close() {
    client.close();
    connection.close();
    listener.close();
  }

  private void call(short method) {
    client.newCall(IFACE, method).send().join().close();
  }

  private static boolean onLoop(String thread) {
    return thread.startsWith("VirtualThread[") && thread.contains("IoEventLoop");
  }

  @Test
  void aQuickMethodRunsFromItsSecondCallInAVirtualThreadOnTheEventLoop() {
    call(QUICK);
    assertFalse(onLoop(server.threads.get(QUICK)), "its first call runs on a thread of its own");
    for (int i = 0; i < 3; i++) {
      call(QUICK);
      String t = server.threads.get(QUICK);
      assertTrue(onLoop(t), "a later call ran on " + t);
    }
  }

  @Test
  void aCallThatBlocksOnTheLoopFreesItForOtherCalls() throws Exception {
    call(BLOCKS); // earns the loop (the gate is open)
    call(QUICK);
    server.gate = new CountDownLatch(1);
    RemotePromise blocked = client.newCall(IFACE, BLOCKS).send();
    for (int i = 0; i < 5; i++) {
      call(QUICK); // answered by the same loop while the other call waits
    }
    assertFalse(blocked.isDone());
    assertTrue(onLoop(server.threads.get(QUICK)), server.threads.get(QUICK));
    server.gate.countDown();
    blocked.join().close();
    assertTrue(server.threads.get(BLOCKS).startsWith("VirtualThread["));
  }

  @Test
  void callsInFlightToAnObjectThatTakesOneAtATimeAreAllAnswered(@TempDir Path dir) {
    Recorder serial = new Recorder(false);
    String address = "unix:" + dir.resolve("serial.sock");
    byte[] data = new byte[64 * 1024];
    try (Vat.Listener _ = Vat.serve(address, serial);
        RpcConnection c = Vat.connect(address);
        Client echo = c.bootstrap()) {
      java.util.ArrayDeque<RemotePromise> window = new java.util.ArrayDeque<>();
      for (int i = 0; i < 2000; i++) {
        if (window.size() == 8) {
          try (Response r = window.removeFirst().join()) {
            assertEquals(data.length, r.results().getAs(Data.factory).size());
          }
        }
        Request q = echo.newCall(IFACE, ECHO);
        q.params().setAs(Data.factory, new Data.Reader(data));
        window.addLast(q.send());
      }
      while (!window.isEmpty()) {
        window.removeFirst().join().close();
      }
      // Calls that arrive while a drain of queued calls runs on a virtual thread join that drain,
      // so under a steady stream only some start on the loop.
      assertTrue(serial.onLoopCalls.get() > 0, "no call started on the loop");
      assertEquals(2000, serial.onLoopCalls.get() + serial.offLoopCalls.get());
    }
  }

  @Test
  void aMethodWhoseFirstCallTookLongNeverRunsOnTheLoop() {
    for (int i = 0; i < 3; i++) {
      call(SPINS);
      String t = server.threads.get(SPINS);
      assertFalse(onLoop(t), "call " + i + " ran on " + t);
    }
  }

  @Test
  void aMethodThatKeepsTheLoopTooLongThreeTimesInARowLosesItAndSaysSo() {
    call(SPINS_LATER);
    call(SPINS_LATER);
    assertTrue(onLoop(server.threads.get(SPINS_LATER)), server.threads.get(SPINS_LATER));
    server.spinLaterNanos = 20_000_000;
    try (LogCapture log = LogCapture.of(Server.class.getName())) {
      call(SPINS_LATER);
      call(SPINS_LATER);
      assertTrue(log.events().isEmpty(), "two slow calls in a row are forgiven");
      call(SPINS_LATER);
      List<String> said = log.messages(Level.INFO);
      assertEquals(1, said.size(), said.toString());
      assertTrue(
          said.get(0)
              .matches(
                  "method 3 of interface 0x123456789abcdef on "
                      + Recorder.class.getName().replace("$", "\\$")
                      + " kept the thread that delivered its call for \\d+ ms; its calls run on"
                      + " their own threads from now on"),
          said.get(0));
    }
    server.spinLaterNanos = 0;
    call(SPINS_LATER);
    assertFalse(onLoop(server.threads.get(SPINS_LATER)), server.threads.get(SPINS_LATER));
  }
}
