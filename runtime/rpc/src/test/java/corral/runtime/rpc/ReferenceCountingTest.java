package corral.runtime.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.runtime.rpc.protocol.Rpc;
import corral.runtime.rpc.test.RpcTest.Adder;
import corral.runtime.rpc.test.RpcTest.Callback;
import corral.runtime.rpc.test.RpcTest.TestService;
import corral.runtime.testing.LogCapture;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.event.Level;

/**
 * The export and import tables' reference counting (rpc.capnp: Release, Finish.releaseResultCaps,
 * Return.releaseParamCaps), checked message by message against a {@link ScriptedPeer}:
 *
 * <ul>
 *   <li>each descriptor of one of our objects adds one to that object's single export entry;
 *   <li>the entry, and our reference to the object, go when the peer's Releases reach zero, and the
 *       freed id is the next one handed out;
 *   <li>each import is released once, with the number of descriptors received for it.
 * </ul>
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ReferenceCountingTest {
  /** Every getAdder returns this one object; {@link #adderReleased} counts its last releases. */
  final Semaphore adderReleased = new Semaphore(0);

  final Adder.Server sharedAdder =
      new Adder.Server() {
        @Override
        protected void add(Adder.AddParams.Reader p, Adder.AddResults.Builder r) {
          r.setSum(p.getA() + p.getB());
        }

        @Override
        protected void released() {
          adderReleased.release();
        }
      };

  final TestService.Server service =
      new TestService.Server() {
        @Override
        protected void getAdder(
            TestService.GetAdderParams.Reader params, TestService.GetAdderResults.Builder results) {
          results.setAdder(sharedAdder);
        }
      };

  ScriptedPeer peer;
  int bootstrapExport;
  int nextQuestion = 10;

  @BeforeEach
  void connect() throws Exception {
    try (Client bootstrap = Client.of(service)) {
      peer = new ScriptedPeer(bootstrap);
    }
    peer.bootstrap(0);
    bootstrapExport = ScriptedPeer.senderHostedIn(peer.next(Rpc.Message.Which.RETURN));
    peer.finish(0, false);
  }

  @AfterEach
  void close() {
    peer.close();
  }

  /** Calls getAdder on the bootstrap export and returns the export id its Return names. */
  int getAdder(int questionId) throws InterruptedException {
    peer.call(
        questionId, bootstrapExport, TestService.TYPE_ID, TestService.METHOD_GET_ADDER, p -> {});
    Rpc.Message.Reader ret = peer.next(Rpc.Message.Which.RETURN);
    assertEquals(questionId, ret.getReturn().getAnswerId());
    return ScriptedPeer.senderHostedIn(ret);
  }

  @Test
  void eachDescriptorOfAnObjectAlreadyExportedAddsToItsOneExportEntry() throws Exception {
    int first = getAdder(1);
    int second = getAdder(2);
    peer.finish(1, false);
    peer.finish(2, false);
    assertEquals(first, second, "the same object keeps its export id");
    assertNotEquals(bootstrapExport, first);
    peer.sync();
    assertEquals(new RpcConnection.TableSizes(0, 0, 2, 0), peer.sizes());
  }

  @Test
  void anExportIsFreedOnlyWhenReleasesBringItsCountToZero() throws Exception {
    int id = getAdder(1);
    getAdder(2);
    getAdder(3);
    peer.finish(1, false);
    peer.finish(2, false);
    peer.finish(3, false);

    peer.release(id, 2);
    peer.sync();
    assertEquals(2, peer.sizes().exports(), "one of three references left");
    assertEquals(0, adderReleased.availablePermits(), "object released early");

    peer.release(id, 1);
    assertTrue(adderReleased.tryAcquire(10, TimeUnit.SECONDS), "object not released at zero");
    assertEquals(1, peer.sizes().exports(), "only the bootstrap export is left");
  }

  @Test
  void aFreedExportIdIsTheNextOneHandedOut() throws Exception {
    int id = getAdder(1);
    peer.finish(1, false);
    peer.release(id, 1);
    assertTrue(adderReleased.tryAcquire(10, TimeUnit.SECONDS));

    assertEquals(id, getAdder(2), "lowest free export id reused");
    peer.finish(2, false);
    peer.sync();
    assertEquals(2, peer.sizes().exports());
  }

  @Test
  void finishWithReleaseResultCapsReleasesTheExportsOfTheResults() throws Exception {
    getAdder(1);
    peer.finish(1, true);
    assertTrue(adderReleased.tryAcquire(10, TimeUnit.SECONDS), "result export not released");
    assertEquals(new RpcConnection.TableSizes(0, 0, 1, 0), peer.sizes());
  }

  @Test
  void releasingMoreThanTheExportHoldsAbortsTheConnectionNamingTheCounts() throws Exception {
    int id = getAdder(1);
    getAdder(2);
    peer.finish(1, false);
    peer.finish(2, false);

    String reason =
        "peer committed RPC protocol error: Release of export "
            + id
            + " by 3 but its refcount is 2";
    try (LogCapture logs = LogCapture.of("corral.runtime.rpc")) {
      peer.release(id, 3);
      assertEquals(reason, peer.next(Rpc.Message.Which.ABORT).getAbort().getReason().toString());
      assertEquals(
          List.of("aborting connection to scripted peer: " + reason), logs.messages(Level.WARN));
    }
    assertEquals(
        RpcException.Kind.DISCONNECTED,
        peer.connection.closed().toCompletableFuture().get(10, TimeUnit.SECONDS).kind());
    assertTrue(adderReleased.tryAcquire(10, TimeUnit.SECONDS), "exports dropped on abort");
  }

  @Test
  void releaseOfAnIdThatIsNotExportedAbortsTheConnection() throws Exception {
    String reason =
        "peer committed RPC protocol error: Release of export 42 which is not a current export";
    try (LogCapture logs = LogCapture.of("corral.runtime.rpc")) {
      peer.release(42, 1);
      assertEquals(reason, peer.next(Rpc.Message.Which.ABORT).getAbort().getReason().toString());
      assertEquals(
          List.of("aborting connection to scripted peer: " + reason), logs.messages(Level.WARN));
    }
  }

  // --- imports: the connection is the one holding the peer's objects ---

  /** Has the connection bootstrap the peer, answered with {@code senderHosted importId}. */
  Client importedBootstrap(int importId) throws InterruptedException {
    Client c = peer.connection.bootstrap();
    int q = peer.next(Rpc.Message.Which.BOOTSTRAP).getBootstrap().getQuestionId();
    peer.returnCap(q, d -> d.setSenderHosted(importId));
    assertEquals(q, peer.next(Rpc.Message.Which.FINISH).getFinish().getQuestionId());
    return c;
  }

  @Test
  void anImportIsReleasedOnceWithTheNumberOfDescriptorsReceivedForIt() throws Exception {
    Client a = importedBootstrap(7);
    Client b = importedBootstrap(7);
    Client c = importedBootstrap(7);
    assertEquals(1, peer.sizes().imports(), "three descriptors, one import");

    a.close();
    b.close();
    peer.sync(); // nothing sent while a reference is left
    assertEquals(1, peer.sizes().imports());

    c.close();
    Rpc.Release.Reader release = peer.next(Rpc.Message.Which.RELEASE).getRelease();
    assertEquals(7, release.getId());
    assertEquals(3, release.getReferenceCount());
    peer.sync();
    assertEquals(0, peer.sizes().imports());
  }

  @Test
  void anImportIdSentAgainAfterItsReleaseStartsANewCount() throws Exception {
    importedBootstrap(7).close();
    assertEquals(1, peer.next(Rpc.Message.Which.RELEASE).getRelease().getReferenceCount());

    Client again = importedBootstrap(7);
    assertEquals(1, peer.sizes().imports());
    again.close();
    Rpc.Release.Reader release = peer.next(Rpc.Message.Which.RELEASE).getRelease();
    assertEquals(7, release.getId());
    assertEquals(1, release.getReferenceCount(), "the old count is not sent twice");
  }

  @Test
  void returnWithReleaseParamCapsReleasesTheExportsOfTheParameters() throws Exception {
    AtomicInteger callbackReleased = new AtomicInteger();
    Semaphore released = new Semaphore(0);
    Callback.Server callback =
        new Callback.Server() {
          @Override
          protected void released() {
            callbackReleased.incrementAndGet();
            released.release();
          }
        };
    try (TestService.Client remote = new TestService.Client(importedBootstrap(3));
        Callback.Client cb = Callback.Client.of(callback)) {
      var pending =
          remote.callBack(
              p -> {
                p.setCb(cb);
                p.setValue(1);
              });
      Rpc.Call.Reader call = peer.next(Rpc.Message.Which.CALL).getCall();
      assertEquals(3, call.getTarget().getImportedCap());
      int export = call.getParams().getCapTable().get(0).getSenderHosted();
      assertEquals(2, peer.sizes().exports(), "bootstrap and the callback");

      peer.returnEmpty(call.getQuestionId(), true);
      pending.join();
      pending.close();
      assertEquals(
          call.getQuestionId(), peer.next(Rpc.Message.Which.FINISH).getFinish().getQuestionId());
      peer.sync();
      assertEquals(1, peer.sizes().exports(), "export " + export + " released with the params");
      assertEquals(0, callbackReleased.get(), "our own reference is still open");
    }
    assertTrue(released.tryAcquire(10, TimeUnit.SECONDS));
  }

  @Test
  void returnWithoutReleaseParamCapsKeepsTheExportsOfTheParameters() throws Exception {
    try (TestService.Client remote = new TestService.Client(importedBootstrap(3));
        Callback.Client cb = Callback.Client.of(new Callback.Server() {})) {
      var pending =
          remote.callBack(
              p -> {
                p.setCb(cb);
                p.setValue(1);
              });
      Rpc.Call.Reader call = peer.next(Rpc.Message.Which.CALL).getCall();
      int export = call.getParams().getCapTable().get(0).getSenderHosted();
      peer.returnEmpty(call.getQuestionId(), false);
      pending.join();
      pending.close();
      peer.next(Rpc.Message.Which.FINISH);
      assertEquals(2, peer.sizes().exports(), "the peer still holds the callback");
      peer.release(export, 1);
      peer.sync();
      assertEquals(1, peer.sizes().exports());
    }
  }

  /**
   * A promise whose last reference goes while its queued calls run (a call that completes at once,
   * as a call started on the caller's thread does, and whose failure drops the promise, as a
   * restoring reference does) releases its target once, not twice.
   */
  @Test
  void aPromiseReleasedByItsOwnQueuedCallReleasesItsTargetOnce() {
    QueuedClient promise = new QueuedClient();
    AtomicInteger destroyed = new AtomicInteger();
    ClientHook target =
        new ClientHook() {
          @Override
          void destroyed() {
            destroyed.incrementAndGet();
          }

          @Override
          PendingCall call(CallRequest request) {
            promise.release(); // the caller gives up on the promise as the call fails
            return BrokenClient.failedCall(RpcException.disconnected("gone"));
          }
        };
    Payload.OutgoingMessage m = new Payload.OutgoingMessage();
    Payload params = Payload.built(m, m.root.initCall().initParams().getContent());
    PendingCall queued = promise.call(new CallRequest(1, (short) 0, params)); // before it resolves
    promise.resolve(target); // runs the queued call, which releases the promise
    assertTrue(queued.result().isCompletedExceptionally());
    assertEquals(1, destroyed.get(), "the target was released once");
  }
}
