package corral.runtime.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.runtime.rpc.protocol.Rpc;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Server#nonBlocking()}: a call that finds the object idle runs on the delivering thread
 * (the caller's for a local call, the event loop for a remote one); calls that arrive meanwhile are
 * queued, run one at a time in arrival order, on a virtual thread.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NonBlockingServerTest {
  private static final long IFACE = 0x0fed_cba9_8765_4321L;
  private static final long WAIT_SECONDS = 10;

  /**
   * Records each call's method id and thread; method 0 waits for {@link #release} (a test hook).
   */
  private static final class Recorder extends Server {
    private final boolean nonBlocking;
    final List<Short> order = java.util.Collections.synchronizedList(new ArrayList<>());
    final ConcurrentHashMap<Short, Thread> threads = new ConcurrentHashMap<>();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostRunning = new AtomicInteger();
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    Recorder(boolean nonBlocking) {
      this.nonBlocking = nonBlocking;
    }

    @Override
    protected boolean nonBlocking() {
      return nonBlocking;
    }

    @Override
    protected void dispatch(long interfaceId, short methodId, CallContext context)
        throws Exception {
      int now = running.incrementAndGet();
      mostRunning.accumulateAndGet(now, Math::max);
      try {
        order.add(methodId);
        threads.put(methodId, Thread.currentThread());
        if (methodId == 0) {
          entered.countDown();
          assertTrue(release.await(WAIT_SECONDS, TimeUnit.SECONDS), "never released");
        }
      } finally {
        running.decrementAndGet();
      }
    }
  }

  @Test
  void anIdleNonBlockingObjectRunsALocalCallInTheCallersThread() {
    Recorder server = new Recorder(true);
    server.release.countDown();
    try (Client c = Client.of(server)) {
      RemotePromise p = c.newCall(IFACE, 7).send();
      assertTrue(p.isDone(), "the call ran before send() returned");
      assertSame(Thread.currentThread(), server.threads.get((short) 7));
      p.join().close();
    }
  }

  @Test
  void anOrdinaryObjectRunsACallOnAVirtualThreadEvenWhenIdle() {
    Recorder server = new Recorder(false);
    try (Client c = Client.of(server)) {
      c.newCall(IFACE, 7).send().join().close();
      assertTrue(server.threads.get((short) 7).isVirtual());
    }
  }

  @Test
  void callsArrivingWhileOneRunsAreQueuedInOrderOnAVirtualThreadOneAtATime() throws Exception {
    Recorder server = new Recorder(true);
    try (Client c = Client.of(server)) {
      RemotePromise[] first = new RemotePromise[1];
      Thread caller = Thread.ofPlatform().start(() -> first[0] = c.newCall(IFACE, 0).send());
      assertTrue(server.entered.await(WAIT_SECONDS, TimeUnit.SECONDS));

      List<RemotePromise> queued = new ArrayList<>();
      for (int m = 1; m <= 5; m++) {
        RemotePromise p = c.newCall(IFACE, m).send();
        assertFalse(p.isDone(), "call " + m + " ran while call 0 was running");
        queued.add(p);
      }
      server.release.countDown();
      caller.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
      assertFalse(caller.isAlive());
      first[0].join().close();
      for (RemotePromise p : queued) {
        p.join().close();
      }

      assertEquals(
          List.<Short>of((short) 0, (short) 1, (short) 2, (short) 3, (short) 4, (short) 5),
          server.order);
      assertSame(caller, server.threads.get((short) 0), "call 0 ran inline in its caller");
      for (short m = 1; m <= 5; m++) {
        Thread t = server.threads.get(m);
        assertTrue(t.isVirtual(), "queued call " + m + " ran on " + t);
      }
      assertEquals(1, server.mostRunning.get(), "calls overlapped");

      // Once the queue is drained the object is idle again and runs calls inline. The drainer
      // marks it idle just after the last queued call completes, so allow a few tries.
      boolean inline = false;
      for (int i = 0; i < 1000 && !inline; i++) {
        short m = (short) (100 + i % 100);
        c.newCall(IFACE, m).send().join().close();
        inline = server.threads.get(m) == Thread.currentThread();
        if (!inline) {
          Thread.sleep(1);
        }
      }
      assertTrue(inline, "the object never ran a call inline again after draining its queue");
    }
  }

  @Test
  void aRemoteCallToAnIdleNonBlockingObjectRunsOnTheConnectionsEventLoop() throws Exception {
    Recorder server = new Recorder(true);
    server.release.countDown();
    try (Client bootstrap = Client.of(server);
        ScriptedPeer peer = new ScriptedPeer(bootstrap)) {
      peer.bootstrap(0);
      int export = ScriptedPeer.senderHostedIn(peer.next(Rpc.Message.Which.RETURN));
      peer.call(1, export, IFACE, 3, p -> {});
      assertEquals(1, peer.next(Rpc.Message.Which.RETURN).getReturn().getAnswerId());
      peer.call(2, export, IFACE, 4, p -> {});
      assertEquals(2, peer.next(Rpc.Message.Which.RETURN).getReturn().getAnswerId());

      Thread t = server.threads.get((short) 3);
      assertFalse(t.isVirtual(), "the call was handed to a virtual thread: " + t);
      assertNotSame(Thread.currentThread(), t);
      assertSame(t, server.threads.get((short) 4), "both calls ran on the connection's loop");
      peer.finish(1, false);
      peer.finish(2, false);
      peer.finish(0, true);
      peer.sync();
    }
  }
}
