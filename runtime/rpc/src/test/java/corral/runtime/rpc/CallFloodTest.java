package corral.runtime.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.runtime.rpc.protocol.Rpc;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A peer sending more calls than {@link RpcLimits#maxCallsInProgress} lets run: the calls beyond
 * the limit are answered at once with {@code overloaded} and never reach the object; the running
 * ones finish normally, and once they have, calls are delivered again.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CallFloodTest {
  private static final long IFACE = 0x5eed_f100_d000_0001L;
  private static final long WAIT_SECONDS = 10;
  private static final int LIMIT = 4;

  /** Concurrent object whose calls wait for {@link #release}; counts the calls it receives. */
  private static final class Gate extends Server {
    final AtomicInteger delivered = new AtomicInteger();
    final CountDownLatch release = new CountDownLatch(1);

    Gate() {
      super(true);
    }

    @Override
    protected void dispatch(long interfaceId, short methodId, CallContext context)
        throws Exception {
      delivered.incrementAndGet();
      assertTrue(release.await(WAIT_SECONDS, TimeUnit.SECONDS), "never released");
    }
  }

  @Test
  void callsBeyondTheLimitAreRefusedAsOverloadedAndTheRunningOnesFinish() throws Exception {
    Gate gate = new Gate();
    try (Client bootstrap = Client.of(gate);
        ScriptedPeer peer =
            new ScriptedPeer(bootstrap, RpcLimits.DEFAULT.withMaxCallsInProgress(LIMIT))) {
      peer.bootstrap(0);
      int target = ScriptedPeer.senderHostedIn(peer.next(Rpc.Message.Which.RETURN));
      peer.finish(0, false);

      int flood = LIMIT + 3;
      for (int q = 1; q <= flood; q++) {
        peer.call(q, target, IFACE, 0, p -> {});
      }
      // The three beyond the limit come back at once, before any running call is released.
      for (int i = 0; i < flood - LIMIT; i++) {
        Rpc.Return.Reader r = peer.next(Rpc.Message.Which.RETURN).getReturn();
        assertTrue(r.getAnswerId() > LIMIT, "a call within the limit was refused: " + r);
        assertEquals(Rpc.Return.Which.EXCEPTION, r.which());
        assertEquals(Rpc.Exception.Type.OVERLOADED, r.getException().getType());
        assertTrue(
            r.getException().getReason().toString().contains("calls from"),
            r.getException().getReason().toString());
        peer.finish(r.getAnswerId(), false);
      }

      gate.release.countDown();
      Map<Integer, Rpc.Return.Which> answered = new HashMap<>();
      for (int i = 0; i < LIMIT; i++) {
        Rpc.Return.Reader r = peer.next(Rpc.Message.Which.RETURN).getReturn();
        answered.put(r.getAnswerId(), r.which());
        peer.finish(r.getAnswerId(), false);
      }
      assertEquals(
          Map.of(
              1, Rpc.Return.Which.RESULTS,
              2, Rpc.Return.Which.RESULTS,
              3, Rpc.Return.Which.RESULTS,
              4, Rpc.Return.Which.RESULTS),
          answered);
      assertEquals(LIMIT, gate.delivered.get(), "refused calls never reached the object");

      // With the running calls returned, a new call is delivered again.
      peer.call(flood + 1, target, IFACE, 0, p -> {});
      Rpc.Return.Reader again = peer.next(Rpc.Message.Which.RETURN).getReturn();
      assertEquals(flood + 1, again.getAnswerId());
      assertEquals(Rpc.Return.Which.RESULTS, again.which());
      assertEquals(LIMIT + 1, gate.delivered.get());
    }
  }
}
