package corral.runtime.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Closing a connection right after sending a call (issue 9: the call was lost in 4 of 37 runs). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CloseTest {
  private static final long WAIT_SECONDS = 20;
  private static final int ROUNDS = 30;

  /** Counts the calls that reach it. */
  private static final class Counter extends Server {
    final Semaphore arrived = new Semaphore(0);

    @Override
    protected void dispatch(long interfaceId, short methodId, CallContext context) {
      arrived.release();
    }
  }

  @Test
  void aCallSentJustBeforeCloseReachesThePeerEveryTime(@TempDir Path dir) throws Exception {
    Counter counter = new Counter();
    String address = "unix:" + dir.resolve("close.sock");
    try (Vat server = new Vat(1, RpcLimits.DEFAULT, _ -> {});
        Vat.Listener _ = server.listen(address, () -> Client.of(counter));
        Vat client = new Vat(1, RpcLimits.DEFAULT, _ -> {})) {
      for (int round = 0; round < ROUNDS; round++) {
        RpcConnection c = client.connect(address, null).get(WAIT_SECONDS, TimeUnit.SECONDS);
        Client target = c.bootstrap();
        target.whenResolved().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
        RemotePromise sent = target.newCall(TargetServer.IFACE, 0).send();
        c.close();
        assertTrue(
            counter.arrived.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS),
            "round " + round + ": the call sent before close never reached the server");
        try {
          sent.get(WAIT_SECONDS, TimeUnit.SECONDS).close();
        } catch (RpcException e) {
          assertEquals(RpcException.Kind.DISCONNECTED, e.kind(), "round " + round + ": " + e);
        }
        target.close();
      }
    }
  }

  @Test
  void closingAServingVatClosesItsAcceptedConnectionsSoTheirPeersLearnAtOnce(@TempDir Path dir)
      throws Exception {
    // An event loop that terminated left an accepted unix socket open about every other time: the
    // client never heard that its server had gone (and the descriptor leaked).
    for (int i = 0; i < 20; i++) {
      String address = "unix:" + dir.resolve("close" + i + ".sock");
      Vat.Listener server =
          Vat.serve(address, new corral.runtime.rpc.RestoringClientTest.TestAdder(null));
      try (Vat vat = new Vat(1);
          RpcConnection c = vat.connect(address, null).get(10, TimeUnit.SECONDS);
          var adder = c.bootstrap(corral.runtime.rpc.test.RpcTest.Adder.Client::new)) {
        assertEquals(2, RestoringClientTest.add(adder, 1, 1));
        server.close();
        RpcException why = c.closed().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(RpcException.Kind.DISCONNECTED, why.kind(), why.getMessage());
      }
    }
  }
}
