package corral.runtime.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import corral.runtime.rpc.protocol.Rpc;
import corral.runtime.rpc.test.RpcTest.Callback;
import corral.runtime.testing.LogCapture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.event.Level;

/**
 * Promise resolution and embargoes (rpc.capnp, Disembargo), driven message by message from a {@link
 * ScriptedPeer}. The connection imports the peer's bootstrap as a {@code senderPromise} (import 5)
 * and calls {@code Callback.notify} through it; the peer then resolves the promise.
 *
 * <pre>
 *   this vat                                  scripted peer
 *   notify(1), notify(2) ── Call → import 5 ──▶ (held, not yet delivered)
 *                        ◀── Resolve(5 → receiverHosted recorder)
 *   Disembargo(senderLoopback e, import 5) ──▶
 *   notify(3), notify(4): queued
 *                        ◀── Call recorder notify(1), notify(2)   (the peer reflects the calls)
 *                        ◀── Disembargo(receiverLoopback e)
 *   notify(3), notify(4) delivered to the recorder: it sees 1, 2, 3, 4 (E-order)
 * </pre>
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EmbargoTest {
  static final int PROMISE_IMPORT = 5;

  /** The object the promise resolves to, local to the connection: records values in order. */
  final List<Long> seen = new ArrayList<>();

  final Callback.Server recorder =
      new Callback.Server() {
        @Override
        protected void notify(Callback.NotifyParams.Reader p, Callback.NotifyResults.Builder r) {
          synchronized (seen) {
            seen.add(p.getValue());
          }
          r.setEcho(p.getValue() + 1000);
        }
      };

  ScriptedPeer peer;
  int recorderExport;
  Callback.Client promise;

  @BeforeEach
  void connect() throws Exception {
    try (Client bootstrap = Client.of(recorder)) {
      peer = new ScriptedPeer(bootstrap);
    }
    // The peer learns the recorder's export id (its view: an import).
    peer.bootstrap(0);
    recorderExport = ScriptedPeer.senderHostedIn(peer.next(Rpc.Message.Which.RETURN));
    peer.finish(0, false);
    // This vat gets the peer's bootstrap as a promise (senderPromise).
    promise = new Callback.Client(peer.connection.bootstrap());
    int q = peer.next(Rpc.Message.Which.BOOTSTRAP).getBootstrap().getQuestionId();
    peer.returnCap(q, d -> d.setSenderPromise(PROMISE_IMPORT));
    peer.next(Rpc.Message.Which.FINISH);
  }

  @AfterEach
  void close() {
    promise.close();
    peer.close();
  }

  List<Long> seen() {
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }

  /** The connection's next message is a call of notify(value) on {@code importId}; its id. */
  int expectNotify(int importId, long value) throws InterruptedException {
    Rpc.Call.Reader c = peer.next(Rpc.Message.Which.CALL).getCall();
    assertEquals(importId, c.getTarget().getImportedCap(), "call target");
    assertEquals(Callback.TYPE_ID, c.getInterfaceId());
    assertEquals(value, c.getParams().getContent().getAs(Callback.NotifyParams.factory).getValue());
    return c.getQuestionId();
  }

  void resolvePromise(java.util.function.Consumer<Rpc.CapDescriptor.Builder> to)
      throws InterruptedException {
    peer.send(
        m -> {
          Rpc.Resolve.Builder r = m.root.initResolve();
          r.setPromiseId(PROMISE_IMPORT);
          to.accept(r.initCap());
        });
  }

  void reflectNotify(int questionId, long value) throws InterruptedException {
    peer.call(
        questionId,
        recorderExport,
        Callback.TYPE_ID,
        Callback.METHOD_NOTIFY,
        p -> p.initAs(Callback.NotifyParams.factory).setValue(value));
  }

  @Test
  void callsMadeBeforeTheDisembargoReturnsWaitBehindTheCallsStillInTheNetwork() throws Exception {
    var r1 = promise.notify(p -> p.setValue(1));
    var r2 = promise.notify(p -> p.setValue(2));
    int q1 = expectNotify(PROMISE_IMPORT, 1);
    int q2 = expectNotify(PROMISE_IMPORT, 2);

    resolvePromise(d -> d.setReceiverHosted(recorderExport));
    Rpc.Disembargo.Reader embargo = peer.next(Rpc.Message.Which.DISEMBARGO).getDisembargo();
    assertEquals(PROMISE_IMPORT, embargo.getTarget().getImportedCap(), "sent to the old path");
    assertEquals(Rpc.Disembargo.Context.Which.SENDER_LOOPBACK, embargo.getContext().which());
    int embargoId = embargo.getContext().getSenderLoopback();
    Rpc.Release.Reader oldImport = peer.next(Rpc.Message.Which.RELEASE).getRelease();
    assertEquals(PROMISE_IMPORT, oldImport.getId(), "the resolved promise's import is dropped");

    var r3 = promise.notify(p -> p.setValue(3));
    var r4 = promise.notify(p -> p.setValue(4));
    peer.sizes(); // the two calls have reached the event loop
    assertEquals(List.of(), seen(), "calls after the resolution overtook the embargo");
    assertFalse(r3.isDone());

    reflectNotify(100, 1);
    reflectNotify(101, 2);
    peer.send(
        m -> {
          Rpc.Disembargo.Builder d = m.root.initDisembargo();
          d.initTarget().setImportedCap(recorderExport);
          d.getContext().setReceiverLoopback(embargoId);
        });

    try (var a3 = r3;
        var a4 = r4) {
      assertEquals(1003, a3.join().getEcho());
      assertEquals(1004, a4.join().getEcho());
    }
    assertEquals(List.of(1L, 2L, 3L, 4L), seen(), "E-order through the promise");

    // The peer answers the first two calls (its reflected calls returned meanwhile).
    assertEquals(Rpc.Message.Which.RETURN, peer.next().which());
    assertEquals(Rpc.Message.Which.RETURN, peer.next().which());
    peer.returnEmpty(q1, false);
    peer.returnEmpty(q2, false);
    r1.join();
    r2.join();
  }

  @Test
  void callsAfterTheDisembargoReturnsGoStraightToTheLocalObject() throws Exception {
    var r1 = promise.notify(p -> p.setValue(1));
    int q1 = expectNotify(PROMISE_IMPORT, 1);
    resolvePromise(d -> d.setReceiverHosted(recorderExport));
    int embargoId =
        peer.next(Rpc.Message.Which.DISEMBARGO).getDisembargo().getContext().getSenderLoopback();
    peer.next(Rpc.Message.Which.RELEASE);
    reflectNotify(100, 1);
    peer.send(
        m -> {
          Rpc.Disembargo.Builder d = m.root.initDisembargo();
          d.initTarget().setImportedCap(recorderExport);
          d.getContext().setReceiverLoopback(embargoId);
        });
    peer.next(Rpc.Message.Which.RETURN); // of the reflected call

    for (int i = 2; i <= 50; i++) {
      long v = i;
      promise.notify(p -> p.setValue(v)).join();
    }
    peer.sync(); // none of those calls went to the peer
    List<Long> expected = new ArrayList<>();
    for (long i = 1; i <= 50; i++) {
      expected.add(i);
    }
    assertEquals(expected, seen());
    peer.returnEmpty(q1, false);
    r1.join();
  }

  @Test
  void aPromiseResolvedToAnErrorNeedsNoEmbargoEvenAfterCalls() throws Exception {
    var r1 = promise.notify(p -> p.setValue(1));
    int q1 = expectNotify(PROMISE_IMPORT, 1);
    peer.send(
        m -> {
          Rpc.Resolve.Builder r = m.root.initResolve();
          r.setPromiseId(PROMISE_IMPORT);
          Rpc.Exception.Builder e = r.initException();
          e.setReason("refused");
          e.setType(Rpc.Exception.Type.FAILED);
        });
    // A Disembargo here would name a broken capability: the C++ reference aborts on it.
    peer.next(Rpc.Message.Which.RELEASE);
    RpcException later =
        assertThrows(RpcException.class, () -> promise.notify(p -> p.setValue(2)).join());
    assertEquals(RpcException.Kind.FAILED, later.kind());
    peer.sync(); // nothing else was sent: no Disembargo, no call
    peer.returnEmpty(q1, false);
    r1.join();
    assertEquals(List.of(), seen());
  }

  @Test
  void noEmbargoIsNeededWhenNoCallWentThroughThePromise() throws Exception {
    resolvePromise(d -> d.setReceiverHosted(recorderExport));
    peer.next(Rpc.Message.Which.RELEASE); // the promise's import, and no Disembargo before it
    try (var r = promise.notify(p -> p.setValue(9))) {
      assertEquals(1009, r.join().getEcho());
    }
    peer.sync(); // and nothing after it
    assertEquals(List.of(9L), seen());
  }

  @Test
  void aPromiseResolvedToAnotherOfThePeersObjectsNeedsNoEmbargo() throws Exception {
    var r1 = promise.notify(p -> p.setValue(1));
    int q1 = expectNotify(PROMISE_IMPORT, 1);
    resolvePromise(d -> d.setSenderHosted(9));
    assertEquals(PROMISE_IMPORT, peer.next(Rpc.Message.Which.RELEASE).getRelease().getId());
    var r2 = promise.notify(p -> p.setValue(2));
    int q2 = expectNotify(9, 2); // straight to the new target: the peer orders its own objects
    peer.returnEmpty(q1, false);
    peer.returnEmpty(q2, false);
    r1.join();
    r2.join();
    assertEquals(List.of(), seen());
  }

  @Test
  void aSenderLoopbackToAnObjectThatDoesNotPointBackAbortsTheConnection() throws Exception {
    String reason =
        "peer committed RPC protocol error: Disembargo senderLoopback sent to an object that does"
            + " not point back to the sender";
    try (LogCapture logs = LogCapture.of("corral.runtime.rpc")) {
      peer.send(
          m -> {
            Rpc.Disembargo.Builder d = m.root.initDisembargo();
            d.initTarget().setImportedCap(recorderExport);
            d.getContext().setSenderLoopback(0);
          });
      assertEquals(reason, peer.next(Rpc.Message.Which.ABORT).getAbort().getReason().toString());
      assertEquals(
          List.of("aborting connection to scripted peer: " + reason), logs.messages(Level.WARN));
    }
  }

  @Test
  void aReceiverLoopbackForAnEmbargoNeverSentAbortsTheConnection() throws Exception {
    String reason =
        "peer committed RPC protocol error: Disembargo receiverLoopback for embargo 3 which this"
            + " side did not send";
    try (LogCapture logs = LogCapture.of("corral.runtime.rpc")) {
      peer.send(
          m -> {
            Rpc.Disembargo.Builder d = m.root.initDisembargo();
            d.initTarget().setImportedCap(recorderExport);
            d.getContext().setReceiverLoopback(3);
          });
      assertEquals(reason, peer.next(Rpc.Message.Which.ABORT).getAbort().getReason().toString());
      assertEquals(
          List.of("aborting connection to scripted peer: " + reason), logs.messages(Level.WARN));
    }
  }
}
