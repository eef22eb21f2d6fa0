package corral.runtime.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.runtime.rpc.test.RpcTest.Adder;
import corral.runtime.rpc.test.RpcTest.Registry;
import corral.runtime.rpc.test.RpcTest.TestService;
import corral.runtime.rpc.transport.EpollTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client API as a user meets it, over a unix socket between two vats made the one-call way
 * ({@link Vat#serve}, {@link Vat#connect}): typed bootstrap, {@code Capability} fields as clients,
 * read-only futures whose waits throw {@link RpcException}, pipelines that own what they hand out,
 * and the executors injected into servers and vats.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientApiTest {
  private static final long WAIT_SECONDS = 10;

  private Path dir;
  private Service service;
  private Vat.Listener listener;
  private RpcConnection connection;
  private TestService.Client remote;

  /** An adder that counts down {@code released} when its last reference goes. */
  static final class CountedAdder extends Adder.Server {
    final CountDownLatch released = new CountDownLatch(1);

    @Override
    protected void add(Adder.AddParams.Reader params, Adder.AddResults.Builder results) {
      results.setSum(params.getA() + params.getB());
    }

    @Override
    protected void released() {
      released.countDown();
    }
  }

  /** getAdder hands out a new {@link CountedAdder} each time; fail throws the kind asked for. */
  static final class Service extends TestService.Server {
    volatile CountedAdder last;
    volatile CountDownLatch gate = new CountDownLatch(0);

    @Override
    protected void getAdder(
        TestService.GetAdderParams.Reader params, TestService.GetAdderResults.Builder results)
        throws InterruptedException {
      gate.await(WAIT_SECONDS, TimeUnit.SECONDS);
      last = new CountedAdder();
      results.setAdder(last);
    }

    @Override
    protected void add(TestService.AddParams.Reader params, TestService.AddResults.Builder r) {
      r.setSum(params.getA() + params.getB());
    }

    @Override
    protected void fail(TestService.FailParams.Reader params, TestService.FailResults.Builder r) {
      throw new RpcException(
          RpcException.Kind.fromCode(params.getKind()), params.getReason().toString());
    }
  }

  @BeforeEach
  void start() throws Exception {
    dir = Files.createTempDirectory("corral-client-api");
    service = new Service();
    listener = Vat.serve("unix:" + dir.resolve("s.sock"), service);
    connection = Vat.connect(listener.address());
    remote = connection.bootstrap(TestService.Client::new);
  }

  @AfterEach
  void stop() throws Exception {
    remote.close();
    connection.close();
    listener.close();
    Files.deleteIfExists(dir.resolve("s.sock"));
    Files.delete(dir);
  }

  @Test
  void joinThrowsTheRpcExceptionOfTheCalleesKindAndReasonNotAWrapper() {
    try (var call =
        remote.fail(
            p -> {
              p.setKind((byte) RpcException.Kind.OVERLOADED.ordinal());
              p.setReason("queue full at 64 calls");
            })) {
      RpcException e = assertThrows(RpcException.class, call::join);
      assertEquals(RpcException.Kind.OVERLOADED, e.kind());
      assertEquals("overloaded: queue full at 64 calls", e.getMessage());
      assertEquals(e.getMessage(), call.failure().orElseThrow().getMessage());
      RpcException timed =
          assertThrows(RpcException.class, () -> call.get(WAIT_SECONDS, TimeUnit.SECONDS));
      assertNotSame(e, timed, "each wait throws its own exception, with this thread's stack");
      assertEquals(RpcException.Kind.OVERLOADED, timed.kind());
    }
  }

  @Test
  void aTimedWaitThatRunsOutThrowsTimeoutExceptionAndTheCallGoesOn() throws Exception {
    service.gate = new CountDownLatch(1);
    try (var call = remote.getAdder()) {
      assertThrows(TimeoutException.class, () -> call.get(20, TimeUnit.MILLISECONDS));
      service.gate.countDown();
      try (Adder.Client adder = call.join().getAdder()) {
        assertEquals(
            3,
            adder
                .add(
                    p -> {
                      p.setA(1);
                      p.setB(2);
                    })
                .join()
                .getSum());
      }
    }
  }

  @Test
  void theCompletableFutureCopyCannotCompleteOrCancelTheCall() throws Exception {
    service.gate = new CountDownLatch(1);
    try (var call = remote.getAdder()) {
      CompletableFuture<TestService.GetAdderResults.Reader> copy = call.toCompletableFuture();
      assertTrue(copy.complete(null));
      assertTrue(call.toCompletableFuture().cancel(true));
      assertFalse(call.isDone(), "completing the copy left the call alone");
      service.gate.countDown();
      assertTrue(call.join().hasAdder());
    }
  }

  @Test
  void composedFuturesCarryTheValueAndTheFailureAsRpcException() {
    try (var call =
        remote.add(
            p -> {
              p.setA(40);
              p.setB(2);
            })) {
      assertEquals("42", call.thenApply(r -> Long.toString(r.getSum())).join());
    }
    try (var call =
        remote.fail(
            p -> {
              p.setKind((byte) 2);
              p.setReason("link down");
            })) {
      CompletableFuture<RpcException> seen = new CompletableFuture<>();
      RpcException e =
          assertThrows(
              RpcException.class,
              () -> call.whenComplete((r, failure) -> seen.complete(failure)).join());
      assertEquals("disconnected: link down", e.getMessage());
      assertEquals(RpcException.Kind.DISCONNECTED, seen.join().kind());
    }
  }

  @Test
  void closingAPipelineReleasesTheCapabilitiesItHandedOutButNotADuplicate() throws Exception {
    try (var call = remote.getAdder()) {
      Adder.Client pipelined = call.getAdder(); // owned by the pipeline
      Adder.Client read = call.join().getAdder(); // owned by the pipeline too
      assertEquals(
          5,
          pipelined
              .add(
                  p -> {
                    p.setA(2);
                    p.setB(3);
                  })
              .join()
              .getSum());
      assertEquals(
          7,
          read.add(
                  p -> {
                    p.setA(3);
                    p.setB(4);
                  })
              .join()
              .getSum());
    }
    assertTrue(
        service.last.released.await(WAIT_SECONDS, TimeUnit.SECONDS),
        "closing the pipeline released the adder at the server");

    Adder.Client kept;
    try (var call = remote.getAdder()) {
      kept = call.join().getAdder().duplicate();
    }
    CountedAdder second = service.last;
    try (kept) {
      assertEquals(
          9,
          kept.add(
                  p -> {
                    p.setA(4);
                    p.setB(5);
                  })
              .join()
              .getSum());
      assertEquals(1, second.released.getCount(), "the duplicate outlives the pipeline");
    }
    assertTrue(second.released.await(WAIT_SECONDS, TimeUnit.SECONDS));
  }

  @Test
  void aCapabilityTypedFieldIsAClientOfAnyInterface() throws Exception {
    Registry.Server registry =
        new Registry.Server() {
          private Client kept;

          @Override
          protected void put(Registry.PutParams.Reader params, Registry.PutResults.Builder r) {
            if (kept != null) {
              kept.close();
            }
            kept = params.getCap(); // the method's own reference
          }

          @Override
          protected void get(Registry.GetParams.Reader params, Registry.GetResults.Builder r) {
            r.setCap(kept);
          }
        };
    try (Vat.Listener other = Vat.serve("unix:" + dir.resolve("r.sock"), registry);
        RpcConnection toRegistry = Vat.connect(other.address());
        Registry.Client reg = toRegistry.bootstrap(Registry.Client::new);
        Adder.Client adder = Adder.Client.of(new CountedAdder())) {
      reg.put(p -> p.setCap(adder)).join();
      try (var got = reg.get();
          Adder.Client back = new Adder.Client(got.join().getCap())) {
        assertEquals(
            11,
            back.add(
                    p -> {
                      p.setA(5);
                      p.setB(6);
                    })
                .join()
                .getSum());
      }
    } finally {
      Files.deleteIfExists(dir.resolve("r.sock"));
    }
  }

  @Test
  void serverMethodsRunOnTheServersExecutorAndUnwaitedAnswersOnTheVatsExecutor() throws Exception {
    ExecutorService calls =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("driver-", 0).factory());
    ExecutorService answers =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("answers-", 0).factory());
    CompletableFuture<String> ranOn = new CompletableFuture<>();
    Adder.Server onItsOwnThreads =
        new Adder.Server(calls, false) {
          @Override
          protected void add(Adder.AddParams.Reader params, Adder.AddResults.Builder results) {
            ranOn.complete(Thread.currentThread().getName());
            results.setSum(params.getA() + params.getB());
          }
        };
    Vat vat =
        new Vat(
            new EpollTransport(),
            EpollTransport.newEventLoopGroup(1),
            RpcLimits.DEFAULT,
            answers,
            EventLoopFailure.EXIT);
    try (Vat.Listener served = Vat.serve("unix:" + dir.resolve("e.sock"), onItsOwnThreads);
        RpcConnection c = vat.connect(served.address(), null).get(WAIT_SECONDS, TimeUnit.SECONDS);
        Adder.Client adder = c.bootstrap(Adder.Client::new);
        var sum =
            adder.add(
                p -> {
                  p.setA(1);
                  p.setB(1);
                })) {
      CompletableFuture<String> handedOverOn = new CompletableFuture<>();
      sum.whenComplete((r, e) -> handedOverOn.complete(Thread.currentThread().getName()));
      assertTrue(handedOverOn.get(WAIT_SECONDS, TimeUnit.SECONDS).startsWith("answers-"));
      assertTrue(ranOn.get(WAIT_SECONDS, TimeUnit.SECONDS).startsWith("driver-"));
      assertEquals(2, sum.join().getSum());
    } finally {
      vat.close();
      calls.shutdown();
      Files.deleteIfExists(dir.resolve("e.sock"));
    }
    assertTrue(answers.isShutdown(), "the vat shut down the executor it was built with");
  }

  @Test
  void connectingToNothingFailsAsDisconnectedNamingTheAddress() {
    String nowhere = "unix:" + dir.resolve("nobody.sock");
    RpcException e = assertThrows(RpcException.class, () -> Vat.connect(nowhere));
    assertEquals(RpcException.Kind.DISCONNECTED, e.kind());
    assertTrue(
        e.getMessage().startsWith("disconnected: cannot connect to " + nowhere + ": "),
        e.getMessage());
  }

  @Test
  void servingWhereNothingCanListenFailsNamingTheAddress() {
    String nowhere = "unix:" + dir.resolve("no-such-dir").resolve("s.sock");
    RpcException e = assertThrows(RpcException.class, () -> Vat.serve(nowhere, new CountedAdder()));
    assertTrue(
        e.getMessage().startsWith("failed: cannot listen on " + nowhere + ": "), e.getMessage());
  }
}
