package corral.runtime.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import corral.runtime.rpc.test.RpcTest.Adder;
import corral.runtime.rpc.test.RpcTest.Named;
import corral.runtime.rpc.test.RpcTest.NamedAdder;
import corral.runtime.rpc.test.RpcTest.TestService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Client#restoring}: which failures send a call again, and to what. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RestoringClientTest {
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  /** Adds, or fails every call with {@code failure} when it is set. */
  static final class TestAdder extends Adder.Server {
    final RpcException failure;
    final AtomicInteger calls = new AtomicInteger();

    TestAdder(RpcException failure) {
      this.failure = failure;
    }

    @Override
    protected void add(Adder.AddParams.Reader params, Adder.AddResults.Builder results) {
      calls.incrementAndGet();
      if (failure != null) {
        throw failure;
      }
      results.setSum(params.getA() + params.getB());
    }
  }

  /** A source that hands out (or throws) the given outcomes in turn, the last one forever. */
  static final class Outcomes implements Supplier<Client> {
    private final Deque<Object> left;
    final AtomicInteger asked = new AtomicInteger();

    Outcomes(Object... outcomes) {
      left = new ArrayDeque<>(List.of(outcomes));
    }

    @Override
    public synchronized Client get() {
      asked.incrementAndGet();
      Object next = left.size() > 1 ? left.poll() : left.peek();
      if (next instanceof RpcException e) {
        throw e;
      }
      return Client.of((Adder.Server) next);
    }
  }

  static long add(Adder.Client adder, long a, long b) {
    try (var r =
        adder.add(
            p -> {
              p.setA(a);
              p.setB(b);
            })) {
      return r.join().getSum();
    }
  }

  static Adder.Client restoring(Supplier<Client> source, Idempotence idempotence) {
    return new Adder.Client(Client.restoring(source, idempotence, PATIENCE));
  }

  @Test
  void theSchemasIdempotentMarksReachTheGeneratedCodeAndAreInherited() {
    short add = (short) Adder.METHOD_ADD;
    assertEquals(true, Adder.IDEMPOTENCE.idempotent(Adder.TYPE_ID, add));
    assertEquals(false, Adder.IDEMPOTENCE.idempotent(Named.TYPE_ID, (short) 0));
    assertEquals(true, NamedAdder.IDEMPOTENCE.idempotent(Adder.TYPE_ID, add), "inherited");
    assertEquals(
        false, NamedAdder.IDEMPOTENCE.idempotent(Named.TYPE_ID, (short) Named.METHOD_NAME));
    assertEquals(false, NamedAdder.IDEMPOTENCE.idempotent(NamedAdder.TYPE_ID, (short) 0));
    assertEquals(false, TestService.IDEMPOTENCE.idempotent(TestService.TYPE_ID, add));
  }

  @Test
  void aCallRefusedAsNotDeliveredGoesToTheNextTarget() {
    TestAdder draining = new TestAdder(RpcException.notDelivered("being replaced"));
    TestAdder next = new TestAdder(null);
    Outcomes source = new Outcomes(draining, next);
    try (Adder.Client adder = restoring(source, Idempotence.NONE)) {
      assertEquals(5, add(adder, 2, 3));
      assertEquals(7, add(adder, 3, 4));
    }
    assertEquals(1, draining.calls.get());
    assertEquals(2, next.calls.get());
    assertEquals(2, source.asked.get(), "one restore at the start, one after the refusal");
  }

  @Test
  void aCallLostWhileOutstandingFailsUnlessIdempotentAndTheNextCallGoesToANewTarget() {
    TestAdder dying = new TestAdder(RpcException.disconnected("host died"));
    TestAdder next = new TestAdder(null);
    try (Adder.Client adder = restoring(new Outcomes(dying, next), Idempotence.NONE)) {
      RpcException e = assertThrows(RpcException.class, () -> add(adder, 1, 1));
      assertEquals("disconnected: host died", e.getMessage());
      assertEquals(9, add(adder, 4, 5));
    }
    TestAdder dying2 = new TestAdder(RpcException.disconnected("host died"));
    Idempotence adds = Adder.IDEMPOTENCE; // $Corral.idempotent in rpctest.capnp
    try (Adder.Client adder = restoring(new Outcomes(dying2, new TestAdder(null)), adds)) {
      assertEquals(2, add(adder, 1, 1), "idempotent: sent again to the new target");
    }
    assertEquals(1, dying2.calls.get());
  }

  @Test
  void otherFailuresReachTheCallerAndKeepTheTarget() {
    TestAdder refusing = new TestAdder(RpcException.failed("no"));
    Outcomes source = new Outcomes(refusing);
    try (Adder.Client adder = restoring(source, Adder.IDEMPOTENCE)) {
      assertEquals(
          "failed: no", assertThrows(RpcException.class, () -> add(adder, 1, 1)).getMessage());
      assertThrows(RpcException.class, () -> add(adder, 1, 1));
    }
    assertEquals(1, source.asked.get(), "a failed call is no reason to restore");
    assertEquals(2, refusing.calls.get());
  }

  @Test
  void aSourceNotReachableYetIsAskedAgainAndASourceRefusalFailsTheCall() {
    TestAdder target = new TestAdder(null);
    Outcomes source =
        new Outcomes(
            RpcException.disconnected("instance restarting; try again"),
            RpcException.disconnected("cannot connect"),
            target);
    try (Adder.Client adder = restoring(source, Idempotence.NONE)) {
      assertEquals(3, add(adder, 1, 2), "never sent while the source failed, so sent now");
    }
    assertEquals(3, source.asked.get());

    Outcomes refusing = new Outcomes(RpcException.failed("capability refused"), target);
    try (Adder.Client adder = restoring(refusing, Idempotence.NONE)) {
      assertEquals(
          "failed: capability refused",
          assertThrows(RpcException.class, () -> add(adder, 1, 2)).getMessage());
      assertEquals(3, add(adder, 1, 2), "the next call asks the source again");
    }
  }

  @Test
  void aCallAfterItsConnectionEndedIsNotDeliveredAndGoesToTheNextServer() throws Exception {
    Path dir = Files.createTempDirectory("corral-restoring");
    String address = "unix:" + dir.resolve("s.sock");
    TestAdder first = new TestAdder(null);
    TestAdder second = new TestAdder(null);
    List<RpcConnection> connections = new java.util.concurrent.CopyOnWriteArrayList<>();
    Vat.Listener[] listener = {Vat.serve(address, first)};
    try (Vat vat = new Vat(1)) {
      Supplier<Client> source =
          () -> {
            RpcConnection c = vat.connect(address, null).join();
            connections.add(c);
            return c.bootstrap();
          };
      try (Adder.Client adder = restoring(source, Idempotence.NONE)) {
        assertEquals(2, add(adder, 1, 1));
        Vat.Listener gone = listener[0];
        listener[0] = null;
        gone.close(); // the server goes away between calls
        connections.get(0).closed().toCompletableFuture().get(10, TimeUnit.SECONDS);
        Files.deleteIfExists(dir.resolve("s.sock"));
        listener[0] = Vat.serve(address, second);
        // not sent on the ended connection, so sent to the new server: the call succeeds
        assertEquals(4, add(adder, 2, 2));
        assertEquals(1, second.calls.get());
        assertEquals(2, connections.size());
      }
      connections.forEach(RpcConnection::close);
    } finally {
      if (listener[0] != null) {
        listener[0].close();
      }
      Files.deleteIfExists(dir.resolve("s.sock"));
      Files.delete(dir);
    }
  }
}
