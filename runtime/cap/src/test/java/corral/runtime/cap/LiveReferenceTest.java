package corral.runtime.cap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.runtime.cap.authority.CapabilityAuthority;
import corral.runtime.rpc.Client;
import corral.runtime.rpc.RpcConnection;
import corral.runtime.rpc.RpcException;
import corral.runtime.rpc.Vat;
import corral.runtime.rpc.test.RpcTest.Adder;
import corral.runtime.rpc.test.RpcTest.Callback;
import corral.runtime.rpc.test.RpcTest.TestService;
import corral.runtime.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restore over RPC and the gate on every call: a Java server whose bootstrap is a {@link
 * GatingRestorer} serving one TestService instance, reached over a real unix socket by a Java
 * client and by the C++ reference client.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LiveReferenceTest {
  static final long SERVICE = TestService.TYPE_ID;
  static final long ADDER = Adder.TYPE_ID;
  static final int ADD = 0;
  static final int GET_ADDER = 1;
  static final int CALL_BACK = 2;
  static final int LIVE_ADDERS = 6;

  @TempDir Path tmp;
  MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
  ManualScheduler scheduler = new ManualScheduler(clock);
  CapabilityAuthority authority;
  GateSet gates = new GateSet();
  Service service = new Service();
  Map<Long, Client> served = new ConcurrentHashMap<>();
  long instance;
  Capability root;
  Vat serverVat;
  Vat clientVat;
  Vat.Listener listener;
  RpcConnection connection;
  CapSchema.Restorer.Client restorer;
  GatingRestorer gating;
  String address;
  final List<AutoCloseable> closeLater = new ArrayList<>();

  /** The driver: counts every call that reaches it. */
  static final class Service extends TestService.Server {
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger liveAdders = new AtomicInteger();

    @Override
    protected void add(TestService.AddParams.Reader p, TestService.AddResults.Builder r) {
      calls.incrementAndGet();
      r.setSum(p.getA() + p.getB());
    }

    @Override
    protected void getAdder(
        TestService.GetAdderParams.Reader p, TestService.GetAdderResults.Builder r) {
      calls.incrementAndGet();
      liveAdders.incrementAndGet();
      r.setAdder(
          new Adder.Server() {
            @Override
            protected void add(Adder.AddParams.Reader p, Adder.AddResults.Builder r) {
              calls.incrementAndGet();
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
        TestService.CallBackParams.Reader p, TestService.CallBackResults.Builder r) {
      calls.incrementAndGet();
      try (Callback.Client cb = p.getCb();
          var echo = cb.notify(n -> n.setValue(p.getValue()))) {
        r.setEcho(echo.join().getEcho());
      }
    }

    @Override
    protected void liveAdders(
        TestService.LiveAddersParams.Reader p, TestService.LiveAddersResults.Builder r) {
      calls.incrementAndGet();
      r.setCount(liveAdders.get());
    }
  }

  static final class EchoCallback extends Callback.Server {
    @Override
    protected void notify(Callback.NotifyParams.Reader p, Callback.NotifyResults.Builder r) {
      r.setEcho(p.getValue() + 1000);
    }
  }

  @BeforeEach
  void start() throws Exception {
    authority = CapabilityAuthority.open(tmp.resolve("state"), clock);
    instance = authority.createInstance();
    root =
        authority.mint(
            instance,
            List.of(
                Grant.of(SERVICE, ADD, GET_ADDER, CALL_BACK, LIVE_ADDERS), Grant.of(ADDER, ADD)));
    served.put(instance, TestService.Client.of(service));
    gating =
        new GatingRestorer(
            verifier(),
            id -> Optional.ofNullable(served.get(id)),
            gates,
            InterfaceCatalog.ofGenerated(TestService.class, Adder.class),
            authority.audit(),
            scheduler,
            (interfaceId, methodId) -> Optional.empty(),
            () -> {
              Runnable between = betweenCheckAndGate.getAndSet(null);
              if (between != null) {
                between.run();
              }
            });
    address = "unix:" + tmp.resolve("host.sock");
    serverVat = new Vat(1);
    clientVat = new Vat(1);
    listener = serverVat.listen(address, () -> CapSchema.Restorer.Client.of(gating));
    connection = clientVat.connect(address, null).get(10, TimeUnit.SECONDS);
    restorer = new CapSchema.Restorer.Client(connection.bootstrap());
  }

  /**
   * The verifier the server's restorer runs on, wired so that revocations reach {@link #gates}:
   * here the authority itself (as in the kernel); {@link LiveReferenceOnHostKeyringTest} runs every
   * test on a host's keyring instead.
   */
  CapabilityVerifier verifier() {
    authority.addRevocationListener(gates);
    return authority;
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closeLater.reversed()) {
      c.close();
    }
    restorer.close();
    connection.close();
    listener.close();
    clientVat.close();
    serverVat.close();
    served.values().forEach(Client::close);
    authority.close();
  }

  TestService.Client restore(Capability cap) {
    return restore(cap.toText());
  }

  TestService.Client restore(String text) {
    try (var r = restorer.restore(p -> p.setCap(text))) {
      TestService.Client svc = new TestService.Client(r.join().getRef());
      closeLater.add(svc);
      return svc;
    }
  }

  static RpcException failure(Runnable call) {
    return assertThrows(RpcException.class, call::run);
  }

  static RpcException assertThrowsCause(Throwable e) {
    Throwable c = e;
    while (c != null && !(c instanceof RpcException)) {
      c = c.getCause();
    }
    assertTrue(c instanceof RpcException, "expected an RpcException, got " + e);
    return (RpcException) c;
  }

  static long add(TestService.Client svc, long a, long b) {
    try (var r =
        svc.add(
            p -> {
              p.setA(a);
              p.setB(b);
            })) {
      return r.join().getSum();
    }
  }

  static long addThroughAdder(TestService.Client svc, long a, long b) {
    try (var g = svc.getAdder(p -> {});
        Adder.Client adder = g.join().getAdder();
        var r =
            adder.add(
                p -> {
                  p.setA(a);
                  p.setB(b);
                })) {
      return r.join().getSum();
    }
  }

  static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(5);
    }
  }

  String notGranted(String method, int ordinal, long interfaceId) {
    return "method "
        + method
        + " (@"
        + ordinal
        + ") of interface "
        + Capability.hexId(interfaceId)
        + " is not granted by the capability of this reference to instance "
        + Capability.hexId(instance);
  }

  void assertRefused(String text) {
    RpcException e = failure(() -> restore(text));
    assertEquals(RpcException.Kind.FAILED, e.kind());
    assertEquals(GatingRestorer.REFUSED, e.reason());
  }

  @Test
  void aRestoredReferenceCallsGrantedMethodsAndTheGateStopsOthersBeforeTheDriver() {
    TestService.Client svc = restore(root.allowOnly(SERVICE, MethodSet.of(ADD)));
    assertEquals(42, add(svc, 40, 2));
    int before = service.calls.get();
    RpcException e = failure(() -> svc.liveAdders(p -> {}).join());
    assertEquals(RpcException.Kind.FAILED, e.kind());
    assertEquals(notGranted("liveAdders", LIVE_ADDERS, SERVICE), e.reason());
    assertEquals(before, service.calls.get(), "the driver saw a denied call");
    assertEquals(3, add(svc, 1, 2), "the reference still works after a denial");
  }

  @Test
  void everyBadCapabilityGetsTheSameRefusal() throws Exception {
    Capability ok = root.allowOnly(SERVICE, MethodSet.of(ADD));
    String text = ok.toText();
    char last = text.charAt(text.length() - 2);
    String altered =
        text.substring(0, text.length() - 2)
            + (last == 'A' ? 'B' : 'A')
            + text.charAt(text.length() - 1);
    assertRefused(altered);
    assertRefused(text.substring(0, text.length() / 2));
    assertRefused("corral1:AAAA");
    assertRefused("not a capability");
    String expiring = ok.derive(new Caveat.ExpiresAt(clock.instant().plusSeconds(60))).toText();
    clock.advance(Duration.ofSeconds(60));
    assertRefused(expiring);
    long other = authority.createInstance(); // genuine cap of an instance not served here
    assertRefused(authority.mint(other, List.of(Grant.of(SERVICE, ADD))).toText());
    try (CapabilityAuthority stranger =
        CapabilityAuthority.open(tmp.resolve("other-state"), clock)) {
      long id = stranger.createInstance();
      assertRefused(stranger.mint(id, List.of(Grant.of(SERVICE, ADD))).toText());
    }
    Capability revoked = root.allowOnly(SERVICE, MethodSet.of(ADD, GET_ADDER));
    assertTrue(authority.revoke(revoked));
    assertRefused(revoked.toText());
    assertEquals(3, add(restore(text), 1, 2), "a good cap still restores");
  }

  @Test
  void aDerivedCapCannotReachAMethodItsParentLacked() {
    Capability parent = root.allowOnly(SERVICE, MethodSet.of(ADD));
    // Asks for more than the parent has, bypassing derive's courtesy check.
    Capability child =
        parent.appendUnchecked(new Caveat.Allow(List.of(Grant.of(SERVICE, ADD, LIVE_ADDERS))));
    TestService.Client svc = restore(child);
    assertEquals(5, add(svc, 2, 3));
    RpcException e = failure(() -> svc.liveAdders(p -> {}).join());
    assertEquals(notGranted("liveAdders", LIVE_ADDERS, SERVICE), e.reason());
  }

  @Test
  void revokingACapStopsLiveReferencesMadeFromItAndFromItsDescendants() {
    Capability parent = root.allowOnly(SERVICE, MethodSet.of(ADD, GET_ADDER));
    Capability child = parent.derive(new Caveat.Allow(List.of(Grant.of(SERVICE, ADD))));
    Capability sibling = root.allowOnly(SERVICE, MethodSet.of(ADD));
    TestService.Client fromParent = restore(parent);
    TestService.Client fromChild = restore(child);
    TestService.Client fromSibling = restore(sibling);
    assertEquals(2, add(fromParent, 1, 1));
    assertEquals(2, add(fromChild, 1, 1));
    int before = service.calls.get();

    assertTrue(authority.revoke(parent));

    // The very next call, one round trip later, fails.
    for (TestService.Client svc : List.of(fromParent, fromChild)) {
      RpcException e = failure(() -> add(svc, 1, 1));
      assertEquals(RpcException.Kind.FAILED, e.kind());
      assertEquals(
          "the capability of this reference to instance "
              + Capability.hexId(instance)
              + " has been revoked",
          e.reason());
    }
    assertEquals(before, service.calls.get());
    assertRefused(parent.toText());
    assertRefused(child.toText());
    assertEquals(2, add(fromSibling, 1, 1), "a cap not derived from the revoked one still works");
  }

  /** What the restorer runs once, between the check and the gate of the next restore. */
  private final java.util.concurrent.atomic.AtomicReference<Runnable> betweenCheckAndGate =
      new java.util.concurrent.atomic.AtomicReference<>();

  /** Makes the restorer run {@code between} once, on the next restore, after its check. */
  void betweenCheckAndGate(Runnable between) {
    betweenCheckAndGate.set(between);
  }

  @Test
  void aRevocationBetweenTheCheckAndTheGateStillRevokesTheReference() {
    Capability cap = root.allowOnly(SERVICE, MethodSet.of(ADD));
    Capability other = root.allowOnly(SERVICE, MethodSet.of(ADD, GET_ADDER));
    AtomicInteger revoked = new AtomicInteger();

    // The cap passes the check, then is revoked before its gate reaches the gate set.
    betweenCheckAndGate(() -> revoked.addAndGet(authority.revoke(cap) ? 1 : 0));
    assertRefused(cap.toText());
    assertEquals(1, revoked.get(), "the revocation ran between the check and the gate");

    // A cap derived from it, the same.
    Capability child = cap.derive(new Caveat.ExpiresAt(clock.instant().plusSeconds(600)));
    Capability fromOther = other.derive(new Caveat.ExpiresAt(clock.instant().plusSeconds(600)));
    betweenCheckAndGate(() -> revoked.addAndGet(authority.revoke(other) ? 1 : 0));
    assertRefused(fromOther.toText());
    assertEquals(2, revoked.get());

    // A revocation of an unrelated cap in between leaves the restore alone.
    Capability unrelated = root.allowOnly(SERVICE, MethodSet.of(LIVE_ADDERS));
    Capability kept = root.allowOnly(SERVICE, MethodSet.of(ADD, CALL_BACK));
    betweenCheckAndGate(() -> revoked.addAndGet(authority.revoke(unrelated) ? 1 : 0));
    TestService.Client svc = restore(kept);
    assertEquals(3, revoked.get());
    assertEquals(3, add(svc, 1, 2));

    // Revoking every cap of the instance in between.
    betweenCheckAndGate(
        () -> {
          authority.revokeAll(instance);
          revoked.incrementAndGet();
        });
    assertRefused(kept.toText());
    assertEquals(4, revoked.get());
    failure(() -> add(svc, 1, 2));
    assertRefused(child.toText());
  }

  @Test
  void revokingEveryCapOfAnInstanceStopsAllItsLiveReferences() {
    TestService.Client a = restore(root);
    TestService.Client b = restore(root.allowOnly(SERVICE, MethodSet.of(ADD)));
    assertEquals(2, add(a, 1, 1));
    authority.revokeAll(instance);
    failure(() -> add(a, 1, 1));
    failure(() -> add(b, 1, 1));
    assertRefused(root.toText());
  }

  @Test
  void capabilitiesHandedOutInResultsCarryTheReferencesGate() {
    // Granting getAdder but no Adder method: the adder comes back, and cannot be called.
    TestService.Client narrow = restore(root.allowOnly(SERVICE, MethodSet.of(GET_ADDER)));
    int before = service.calls.get();
    RpcException e = failure(() -> addThroughAdder(narrow, 2, 3));
    assertEquals(notGranted("add", ADD, ADDER), e.reason());
    assertEquals(before + 1, service.calls.get(), "only getAdder reached the driver");

    TestService.Client full = restore(root);
    assertEquals(5, addThroughAdder(full, 2, 3));
    // Pipelined on the results, before they arrive: gated the same way.
    var g = narrow.getAdder(p -> {});
    try (Adder.Client pipelined = new Adder.Client(g.pipelinedCap(0))) {
      RpcException p =
          failure(
              () ->
                  pipelined
                      .add(
                          x -> {
                            x.setA(1);
                            x.setB(1);
                          })
                      .join());
      assertEquals(notGranted("add", ADD, ADDER), p.reason());
    }
    g.join();
  }

  @Test
  void anAdderHandedOutStopsWhenTheCapOfItsReferenceIsRevoked() {
    Capability cap = root.allowOnly(SERVICE, MethodSet.of(GET_ADDER));
    cap = cap.appendUnchecked(new Caveat.Allow(List.of(Grant.of(SERVICE, GET_ADDER))));
    Capability both =
        authority.mint(instance, List.of(Grant.of(SERVICE, GET_ADDER), Grant.of(ADDER, ADD)));
    TestService.Client svc = restore(both);
    try (var g = svc.getAdder(p -> {});
        Adder.Client adder = g.join().getAdder()) {
      assertEquals(
          7,
          adder
              .add(
                  p -> {
                    p.setA(3);
                    p.setB(4);
                  })
              .join()
              .getSum());
      assertTrue(authority.revoke(both));
      RpcException e =
          failure(
              () ->
                  adder
                      .add(
                          p -> {
                            p.setA(3);
                            p.setB(4);
                          })
                      .join());
      assertTrue(e.reason().endsWith("has been revoked"), e.reason());
    }
  }

  @Test
  void callbacksPassedInAreTheCallersOwnAndNotGated() {
    TestService.Client svc = restore(root.allowOnly(SERVICE, MethodSet.of(CALL_BACK)));
    try (Callback.Client cb = Callback.Client.of(new EchoCallback());
        var r =
            svc.callBack(
                p -> {
                  p.setCb(cb);
                  p.setValue(7);
                })) {
      assertEquals(1007, r.join().getEcho());
    }
  }

  @Test
  void aLiveReferenceStopsWorkingAtTheInstantItsCapExpires() throws Exception {
    Instant at = clock.instant().plusSeconds(60);
    TestService.Client svc = restore(root.expiringAt(at));
    TestService.Client forever = restore(root);
    assertEquals(3, add(svc, 1, 2));
    assertEquals(3, addThroughAdder(svc, 1, 2));
    try (var g = svc.getAdder(p -> {});
        Adder.Client adder = g.join().getAdder()) {
      scheduler.advance(Duration.ofMillis(59_999));
      assertEquals(3, add(svc, 1, 2), "one millisecond before its expiry");
      int calls = service.calls.get();

      scheduler.advance(Duration.ofMillis(1));
      String expired =
          "the capability of this reference to instance "
              + Capability.hexId(instance)
              + " expired at 2030-01-01T00:01:00Z";
      RpcException e = failure(() -> add(svc, 1, 2));
      assertEquals(RpcException.Kind.FAILED, e.kind());
      assertEquals(expired, e.reason());
      RpcException viaAdder = failure(() -> adder.add(p -> p.setA(1)).join());
      assertEquals(expired, viaAdder.reason(), "an adder handed out through the reference");
      assertEquals(calls, service.calls.get(), "no call reached the driver");
    }
    assertEquals(5, add(forever, 2, 3), "a reference from a cap without expiry still works");
  }

  @Test
  void releasingAnExpiringReferenceCancelsItsExpiryTimer() throws Exception {
    TestService.Client svc = restore(root.expiringAt(clock.instant().plusSeconds(60)));
    assertEquals(3, add(svc, 1, 2));
    assertEquals(1, scheduler.pending());
    closeLater.remove(svc);
    svc.close();
    waitUntil(() -> scheduler.pending() == 0, "the expiry timer is cancelled");
    assertEquals(0, gates.size());
  }

  @Test
  void releasingEveryReferenceTakesTheGateOutOfTheGateSet() throws Exception {
    TestService.Client svc = restore(root);
    assertEquals(5, addThroughAdder(svc, 2, 3));
    assertEquals(1, gates.size());
    closeLater.remove(svc);
    svc.close();
    waitUntil(() -> gates.size() == 0, "the gate leaves the set");
  }

  @Test
  void aCppClientIsGatedExactlyLikeAJavaClient() throws Exception {
    List<Capability> caps =
        List.of(
            root,
            root.allowOnly(SERVICE, MethodSet.of(ADD, GET_ADDER)),
            authority.mint(instance, List.of(Grant.of(SERVICE, ADD, CALL_BACK))));
    Capability revoked = root.allowOnly(SERVICE, MethodSet.of(ADD));
    authority.revoke(revoked);
    List<String> texts = new ArrayList<>();
    caps.forEach(c -> texts.add(c.toText()));
    texts.add(revoked.toText());
    texts.add("corral1:AAAA");
    for (String text : texts) {
      List<String> cpp = CppCapClient.run(address, text);
      List<String> java = javaScenario(text);
      java.add("exit 0");
      assertEquals(
          java,
          cpp,
          "C++ and Java outcomes for " + text.substring(0, Math.min(20, text.length())) + "...");
    }
    // Sanity: the scenario exercised both outcomes, on calls pipelined on the restore too.
    List<String> first = CppCapClient.run(address, caps.get(1).toText());
    assertTrue(
        first.contains("pipelined.add 42")
            && first.contains(
                "pipelined.liveAdders failed failed: "
                    + notGranted("liveAdders", LIVE_ADDERS, SERVICE))
            && first.contains("add 3")
            && first.contains("getAdder.add failed failed: " + notGranted("add", ADD, ADDER)),
        String.join("\n", first));
    List<String> refused = CppCapClient.run(address, revoked.toText());
    assertEquals(
        List.of(
            "pipelined.add failed failed: " + GatingRestorer.REFUSED,
            "pipelined.liveAdders failed failed: " + GatingRestorer.REFUSED,
            "restore failed failed: " + GatingRestorer.REFUSED,
            "exit 0"),
        refused);
  }

  /**
   * The C++ client's scenario made by a Java client, on its own connection as the C++ client's
   * process has; the same output lines.
   */
  List<String> javaScenario(String text) throws Exception {
    List<String> out = new ArrayList<>();
    try (RpcConnection own = clientVat.connect(address, null).get(10, TimeUnit.SECONDS);
        CapSchema.Restorer.Client ownRestorer = new CapSchema.Restorer.Client(own.bootstrap())) {
      List<AutoCloseable> refs = new ArrayList<>();
      try {
        scenario(ownRestorer, text, out, refs);
      } finally {
        for (AutoCloseable r : refs.reversed()) {
          r.close();
        }
      }
    }
    return out;
  }

  private void scenario(
      CapSchema.Restorer.Client restorer, String text, List<String> out, List<AutoCloseable> refs) {
    TestService.Client[] svc = new TestService.Client[1];
    // Two calls pipelined on the promised reference before the restore returns.
    var restoring = restorer.restore(p -> p.setCap(text));
    TestService.Client promised = new TestService.Client(restoring.pipelinedCap(0));
    refs.add(promised);
    var pipelinedAdd =
        promised.add(
            p -> {
              p.setA(20);
              p.setB(22);
            });
    var pipelinedLiveAdders = promised.liveAdders(p -> {});
    step(
        out,
        "pipelined.add",
        () -> {
          try (var r = pipelinedAdd) {
            return r.join().getSum();
          }
        });
    step(
        out,
        "pipelined.liveAdders",
        () -> {
          try (var r = pipelinedLiveAdders) {
            return r.join().getCount();
          }
        });
    step(
        out,
        "restore",
        () -> {
          try (var r = restoring) {
            svc[0] = new TestService.Client(r.join().getRef());
            refs.add(svc[0]);
          }
          return "ok";
        });
    if (svc[0] == null) {
      return; // as the C++ client, which stops after a refused restore
    }
    TestService.Client s = svc[0];
    step(out, "add", () -> add(s, 1, 2));
    step(out, "getAdder.add", () -> addThroughAdder(s, 2, 3));
    step(
        out,
        "callBack",
        () -> {
          try (Callback.Client cb = Callback.Client.of(new EchoCallback());
              var r =
                  s.callBack(
                      p -> {
                        p.setCb(cb);
                        p.setValue(7);
                      })) {
            return r.join().getEcho();
          }
        });
    step(out, "liveAdders", () -> s.liveAdders(p -> {}).join().getCount());
  }

  static void step(List<String> out, String name, java.util.function.Supplier<Object> f) {
    try {
      out.add(name + " " + f.get());
    } catch (RuntimeException e) {
      RpcException r = assertThrowsCause(e);
      out.add(name + " failed " + r.kind().name().toLowerCase() + ": " + r.reason());
    }
  }
}
