package corral.runtime.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import corral.runtime.rpc.test.RpcTest.Adder;
import corral.runtime.rpc.test.RpcTest.Callback;
import corral.runtime.rpc.test.RpcTest.Holder;
import corral.runtime.rpc.test.RpcTest.NamedAdder;
import corral.runtime.rpc.test.RpcTest.TestService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.capnproto.AnyPointer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Capabilities that travel through a Java vat in the middle: the caller C talks to a relay R whose
 * bootstrap is an import of the origin O's bootstrap, so parameters and results are copied from one
 * connection's messages into the other's, capability pointers included.
 *
 * <pre>
 *   C ──unix── R ──unix── O (TestService in Java)
 * </pre>
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ForwardingTest {
  Path dir;
  Vat origin;
  Vat relay;
  Vat caller;
  Vat.Listener originListener;
  Vat.Listener relayListener;
  RpcConnection relayToOrigin;
  RpcConnection callerToRelay;
  Client originCap;
  TestService.Client service;
  final AtomicInteger liveAdders = new AtomicInteger();

  final class Origin extends TestService.Server {
    @Override
    protected void getAdder(
        TestService.GetAdderParams.Reader params, TestService.GetAdderResults.Builder results) {
      liveAdders.incrementAndGet();
      results.setAdder(
          new Adder.Server() {
            @Override
            protected void add(Adder.AddParams.Reader p, Adder.AddResults.Builder r) {
              r.setSum(p.getA() + p.getB());
            }

            @Override
            protected void released() {
              liveAdders.decrementAndGet();
            }
          });
    }

    @Override
    protected void callBack(
        TestService.CallBackParams.Reader params, TestService.CallBackResults.Builder results) {
      try (Callback.Client cb = params.getCb();
          var echo = cb.notify(p -> p.setValue(params.getValue()))) {
        results.setEcho(echo.join().getEcho());
      }
    }

    @Override
    protected void promiseCallback(
        TestService.PromiseCallbackParams.Reader params,
        TestService.PromiseCallbackResults.Builder results) {
      try (Callback.Client cb = params.getCb()) {
        results.setCb(cb);
      }
    }
  }

  @BeforeEach
  void start() throws Exception {
    dir = Files.createTempDirectory("corral-fwd");
    origin = new Vat(1);
    relay = new Vat(1);
    caller = new Vat(1);
    Origin server = new Origin();
    originListener = origin.listen("unix:" + dir.resolve("o.sock"), () -> Client.of(server));
    relayToOrigin = relay.connect(originListener.address(), null).get(10, TimeUnit.SECONDS);
    originCap = relayToOrigin.bootstrap();
    relayListener = relay.listen("unix:" + dir.resolve("r.sock"), () -> originCap.duplicate());
    callerToRelay = caller.connect(relayListener.address(), null).get(10, TimeUnit.SECONDS);
    service = new TestService.Client(callerToRelay.bootstrap());
  }

  @AfterEach
  void stop() {
    service.close();
    callerToRelay.close();
    relayListener.close();
    originCap.close();
    relayToOrigin.close();
    originListener.close();
    caller.close();
    relay.close();
    origin.close();
  }

  static Callback.Server echoPlus1000(AtomicInteger calls) {
    return new Callback.Server() {
      @Override
      protected void notify(Callback.NotifyParams.Reader p, Callback.NotifyResults.Builder r) {
        calls.incrementAndGet();
        r.setEcho(p.getValue() + 1000);
      }
    };
  }

  @Test
  void callbackInRelayedParametersReachesTheCaller() {
    AtomicInteger calls = new AtomicInteger();
    try (Callback.Client cb = Callback.Client.of(echoPlus1000(calls));
        var echo =
            service.callBack(
                p -> {
                  p.setCb(cb);
                  p.setValue(7);
                })) {
      assertEquals(1007, echo.join().getEcho());
    }
    assertEquals(1, calls.get());
  }

  @Test
  void capabilityInRelayedResultsIsCallableAndReleasedAtTheOrigin() throws Exception {
    Adder.Client adder;
    try (var results = service.getAdder()) {
      adder = results.join().getAdder().duplicate(); // outlives the results
    }
    try (adder;
        var sum =
            adder.add(
                p -> {
                  p.setA(20);
                  p.setB(22);
                })) {
      assertEquals(42, sum.join().getSum());
      assertEquals(1, liveAdders.get());
    }
    waitFor(() -> liveAdders.get() == 0);
  }

  @Test
  void promiseOfTheCallersOwnCapabilityComesBackAsTheLocalObject() {
    AtomicInteger calls = new AtomicInteger();
    Callback.Server local = echoPlus1000(calls);
    try (Callback.Client cb = Callback.Client.of(local);
        var results = service.promiseCallback(p -> p.setCb(cb));
        Callback.Client back = results.join().getCb()) {
      back.whenResolved().toCompletableFuture().join();
      assertSame(
          ((Client) cb).hook().resolved(),
          ((Client) back).hook().resolved(),
          "the relay handed back our object");
      try (var echo = back.notify(p -> p.setValue(1))) {
        assertEquals(1001, echo.join().getEcho());
      }
    }
    assertEquals(1, calls.get());
  }

  @Test
  void copyCarriesCapabilitiesInStructsGroupsAndListsIntoAnotherMessage() {
    AtomicInteger calls = new AtomicInteger();
    try (Callback.Client cb = Callback.Client.of(echoPlus1000(calls));
        Adder.Client adder = new Adder.Client(service.duplicate())) {
      Request source = service.newCall(NamedAdder.TYPE_ID, NamedAdder.METHOD_HOLDER);
      Holder.Builder h = source.params().initAs(Holder.factory);
      h.setAdder(adder);
      h.setLabel("copied");
      var list = h.initCallbacks(3);
      list.set(0, cb);
      list.set(2, cb);
      Request target = service.newCall(NamedAdder.TYPE_ID, NamedAdder.METHOD_HOLDER);
      AnyPointer.Builder into = target.params();
      CapabilityPointers.copy(source.params().asReader(), into);
      Holder.Reader copy = into.asReader().getAs(Holder.factory);
      assertEquals("copied", copy.getLabel().toString());
      try (Adder.Client a = copy.getAdder();
          Callback.Client c0 = copy.getCallbacks().get(0);
          Callback.Client c2 = copy.getCallbacks().get(2);
          var echo = c2.notify(p -> p.setValue(5))) {
        assertSame(((Client) adder).hook().resolved(), ((Client) a).hook().resolved());
        assertSame(((Client) cb).hook(), ((Client) c0).hook());
        assertEquals(1005, echo.join().getEcho());
        assertEquals(false, copy.getCallbacks().isSet(1));
      }
    }
  }

  static void waitFor(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not reached in 20 s");
      }
      Thread.sleep(1);
    }
  }
}
