package corral.runtime.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.runtime.rpc.test.RpcTest.Adder;
import corral.runtime.rpc.test.RpcTest.Callback;
import corral.runtime.rpc.test.RpcTest.TestService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Java engine as a client of the C++ reference server (EzRpcServer over a unix socket). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JavaClientCppServerTest {
  static Path dir;
  static CppPeer server;
  static Vat vat;
  static RpcConnection connection;
  static Client service;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("corral-rpc");
    String address = "unix:" + dir.resolve("cpp.sock");
    server = CppPeer.server(address);
    vat = new Vat(1);
    connection = vat.connect(address, null).get(10, TimeUnit.SECONDS);
    service = connection.bootstrap();
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    if (connection != null) {
      connection.close();
    }
    if (vat != null) {
      vat.close();
    }
    if (server != null) {
      server.close();
    }
  }

  static long add(Client target, long interfaceId, long a, long b) {
    Request r = target.newCall(interfaceId, 0);
    TestService.AddParams.Builder p = r.initParams(TestService.AddParams.factory);
    p.setA(a);
    p.setB(b);
    try (Response resp = r.send().join()) {
      return resp.results(TestService.AddResults.factory).getSum();
    }
  }

  @Test
  void bootstrapAndPlainCallReturnTheSum() {
    assertEquals(42, add(service, TestService.TYPE_ID, 40, 2));
  }

  @Test
  void pipelinedCallOnAnUnresolvedResultIsAnswered() {
    TestService.Client typed = new TestService.Client(service.duplicate());
    TestService.GetAdderResults.Pipeline results = typed.getAdder();
    try (typed;
        Adder.Client adder = results.getAdder(); // before the C++ server has answered
        var sum =
            adder.add(
                p -> {
                  p.setA(5);
                  p.setB(6);
                })) {
      assertEquals(11, sum.join().getSum());
    }
    results.join();
    results.close();
  }

  @Test
  void callbackPassedAsParameterIsCalledByTheCppServer() {
    AtomicInteger calls = new AtomicInteger();
    Server callback =
        new Server() {
          @Override
          protected void dispatch(long interfaceId, short methodId, CallContext ctx) {
            calls.incrementAndGet();
            long v = ctx.params(Callback.NotifyParams.factory).getValue();
            ctx.initResults(Callback.NotifyResults.factory).setEcho(v + 1000);
          }
        };
    try (TestService.Client typed = new TestService.Client(service.duplicate());
        Callback.Client cb = new Callback.Client(Client.of(callback));
        var echo =
            typed.callBack(
                p -> {
                  p.setValue(7);
                  p.setCb(cb);
                })) {
      assertEquals(1007, echo.join().getEcho());
    }
    assertEquals(1, calls.get());
  }

  @Test
  void eachExceptionKindArrivesUnchanged() {
    for (RpcException.Kind kind : RpcException.Kind.values()) {
      Request r = service.newCall(TestService.TYPE_ID, TestService.METHOD_FAIL);
      TestService.FailParams.Builder p = r.initParams(TestService.FailParams.factory);
      p.setKind((byte) kind.ordinal());
      p.setReason("reason " + kind);
      RpcException rpc = assertThrows(RpcException.class, () -> r.send().join());
      assertEquals(kind, rpc.kind());
      assertTrue(rpc.reason().endsWith("reason " + kind), rpc.reason());
    }
  }

  @Test
  void cancelingACallSendsFinishAndTheCppServerDropsIt() throws Exception {
    RemotePromise hang = service.newCall(TestService.TYPE_ID, TestService.METHOD_HANG).send();
    waitFor(() -> hangCount()[0] >= 1);
    int canceledBefore = hangCount()[1];
    hang.cancel();
    waitFor(() -> hangCount()[1] == canceledBefore + 1);
  }

  int[] hangCount() {
    try (Response r =
        service.newCall(TestService.TYPE_ID, TestService.METHOD_HANG_COUNT).send().join()) {
      TestService.HangCountResults.Reader c = r.results(TestService.HangCountResults.factory);
      return new int[] {c.getStarted(), c.getCanceled()};
    }
  }

  int liveAdders() {
    try (Response r =
        service.newCall(TestService.TYPE_ID, TestService.METHOD_LIVE_ADDERS).send().join()) {
      return r.results(TestService.LiveAddersResults.factory).getCount();
    }
  }

  @Test
  void closingTheLastReferenceReleasesTheCppObject() throws Exception {
    int before = liveAdders();
    Adder.Client adder;
    try (TestService.Client typed = new TestService.Client(service.duplicate());
        var results = typed.getAdder()) {
      adder = results.join().getAdder().duplicate(); // a reference of its own, outliving them
    }
    assertEquals(before + 1, liveAdders(), "the adder lives while referenced");
    assertEquals(3, add(adder, Adder.TYPE_ID, 1, 2));
    adder.close();
    waitFor(() -> liveAdders() == before);
  }

  @Test
  void promiseResolvingToOurOwnCallbackKeepsCallOrder() throws Exception {
    AtomicInteger last = new AtomicInteger(-1);
    AtomicInteger outOfOrder = new AtomicInteger();
    Server callback =
        new Server() {
          @Override
          protected void dispatch(long interfaceId, short methodId, CallContext ctx) {
            long v = ctx.params(Callback.NotifyParams.factory).getValue();
            if (v <= last.getAndSet((int) v)) {
              outOfOrder.incrementAndGet();
            }
            ctx.initResults(Callback.NotifyResults.factory).setEcho(v + 1000);
          }
        };
    Request r = service.newCall(TestService.TYPE_ID, TestService.METHOD_PROMISE_CALLBACK);
    try (Callback.Client cb = new Callback.Client(Client.of(callback))) {
      r.initParams(TestService.PromiseCallbackParams.factory).setCb(cb);
    }
    RemotePromise p = r.send();
    java.util.List<RemotePromise> calls = new java.util.ArrayList<>();
    try (Client promised = p.pipelinedCap(0)) {
      for (int i = 0; i < 200; i++) {
        Request n = promised.newCall(Callback.TYPE_ID, Callback.METHOD_NOTIFY);
        n.initParams(Callback.NotifyParams.factory).setValue(i);
        calls.add(n.send());
        if (i % 20 == 0) {
          Thread.sleep(5); // spread calls across the C++ side's 50 ms resolution
        }
      }
      for (int i = 0; i < calls.size(); i++) {
        try (Response resp = calls.get(i).join()) {
          assertEquals(i + 1000, resp.results(Callback.NotifyResults.factory).getEcho());
        }
      }
    }
    p.join().close();
    assertEquals(0, outOfOrder.get(), "calls arrived out of order");
  }

  @Test
  void tenThousandCallsInARow() {
    for (int i = 0; i < 10_000; i++) {
      assertEquals(i + 1, add(service, TestService.TYPE_ID, i, 1));
    }
  }

  static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not reached in 20 s");
      }
      Thread.onSpinWait();
      Thread.sleep(1);
    }
  }
}
