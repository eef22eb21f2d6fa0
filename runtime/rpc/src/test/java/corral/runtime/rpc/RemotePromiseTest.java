package corral.runtime.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.runtime.rpc.protocol.Rpc;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.capnproto.AnyPointer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Who completes a {@link RemotePromise}: a thread blocked in {@code join}/{@code get}, woken by the
 * event loop, or else a virtual thread; exactly once, and never the event loop. The callee is a
 * {@link ScriptedPeer}: the test decides when the {@code Return} arrives.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RemotePromiseTest {
  private static final long IFACE = 0x1234_5678_9abc_def0L;
  private static final long WAIT_SECONDS = 10;

  private ScriptedPeer peer;
  private Client remote;

  @BeforeEach
  void connect() throws Exception {
    peer = new ScriptedPeer(null);
    remote = peer.connection.bootstrap(); // calls on it are pipelined on the Bootstrap question
    peer.next(Rpc.Message.Which.BOOTSTRAP);
  }

  @AfterEach
  void close() {
    remote.close();
    peer.close();
  }

  /** Sends a call and returns its promise and the question id the peer saw. */
  private Sent send() throws InterruptedException {
    RemotePromise p = remote.newCall(IFACE, 0).send();
    int q = peer.next(Rpc.Message.Which.CALL).getCall().getQuestionId();
    return new Sent(p, q);
  }

  private record Sent(RemotePromise promise, int question) {}

  /** The parameters of a call that has none, built as {@link Request} builds them. */
  private static Payload emptyParams() {
    Payload.OutgoingMessage m = new Payload.OutgoingMessage();
    return Payload.built(m, m.root.initCall().initParams().getContent());
  }

  /** Starts a platform thread running {@code body} and waits until it is blocked (parked). */
  private static Thread startBlocked(String name, Runnable body) throws InterruptedException {
    Thread t = Thread.ofPlatform().name(name).start(body);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
      assertTrue(t.isAlive(), name + " ended instead of blocking");
      assertTrue(
          System.nanoTime() < deadline, name + " did not block within " + WAIT_SECONDS + " s");
      Thread.sleep(1);
    }
    return t;
  }

  /**
   * Starts a thread that stores what {@code get} returns in {@code into}; waits until it blocks.
   */
  private static <T> Thread startGetting(
      String name, AtomicReference<T> into, java.util.concurrent.Callable<T> get)
      throws InterruptedException {
    return startBlocked(
        name,
        () -> {
          try {
            into.set(get.call());
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
  }

  /** Records the thread of the first dependent action of {@code p}, and how often it ran. */
  private static CompletableFuture<Thread> completer(RemotePromise p, AtomicInteger runs) {
    CompletableFuture<Thread> where = new CompletableFuture<>();
    p.whenComplete(
        (r, e) -> {
          runs.incrementAndGet();
          where.complete(Thread.currentThread());
        });
    return where;
  }

  @Test
  void aThreadBlockedInJoinIsWokenByTheLoopAndCompletesTheFutureItself() throws Exception {
    Sent s = send();
    AtomicInteger runs = new AtomicInteger();
    CompletableFuture<Thread> where = completer(s.promise(), runs);
    AtomicReference<Response> joined = new AtomicReference<>();
    Thread joiner = startBlocked("joiner", () -> joined.set(s.promise().join()));

    peer.returnEmpty(s.question(), false);
    joiner.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));

    assertFalse(joiner.isAlive());
    assertNotNull(joined.get());
    assertSame(joiner, where.get(WAIT_SECONDS, TimeUnit.SECONDS), "who ran the dependent action");
    assertEquals(1, runs.get());
    joined.get().close();
    assertEquals(s.question(), peer.next(Rpc.Message.Which.FINISH).getFinish().getQuestionId());
  }

  @Test
  void aThreadBlockedInGetIsWokenByTheLoopAndCompletesTheFutureItself() throws Exception {
    Sent s = send();
    AtomicInteger runs = new AtomicInteger();
    CompletableFuture<Thread> where = completer(s.promise(), runs);
    AtomicReference<Response> got = new AtomicReference<>();
    Thread joiner =
        startGetting("getter", got, () -> s.promise().get(WAIT_SECONDS, TimeUnit.SECONDS));

    peer.returnEmpty(s.question(), false);
    joiner.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));

    assertNotNull(got.get());
    assertSame(joiner, where.get(WAIT_SECONDS, TimeUnit.SECONDS));
    got.get().close();
  }

  @Test
  void aThreadBlockedInATypedPipelinesTimedGetTakesTheAnswerItself() throws Exception {
    Sent s = send();
    Pipeline<AnyPointer.Reader> typed = new Pipeline<>(s.promise(), AnyPointer.factory);
    AtomicInteger runs = new AtomicInteger();
    CompletableFuture<Thread> where = completer(s.promise(), runs);
    AtomicReference<AnyPointer.Reader> got = new AtomicReference<>();
    Thread getter =
        startGetting("typed getter", got, () -> typed.get(WAIT_SECONDS, TimeUnit.SECONDS));

    peer.returnEmpty(s.question(), false);
    getter.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));

    assertNotNull(got.get(), "the typed get returned the results");
    assertSame(getter, where.get(WAIT_SECONDS, TimeUnit.SECONDS), "who completed the call");
    typed.close();
    assertEquals(
        s.question(),
        peer.next(Rpc.Message.Which.FINISH).getFinish().getQuestionId(),
        "the Finish leaves on its own when no other message follows");
    assertThrows(
        TimeoutException.class,
        () -> new Pipeline<>(send().promise(), AnyPointer.factory).get(20, TimeUnit.MILLISECONDS),
        "an unanswered typed get times out");
  }

  @Test
  void aCapabilityPipelinedAfterTheResultsWereClosedFailsSayingSo() throws Exception {
    Sent s = send();
    peer.returnCap(s.question(), d -> d.setSenderHosted(7));
    s.promise().join().close(); // drops the results and the capability in them
    peer.next(Rpc.Message.Which.FINISH);
    try (Client late = s.promise().pipelinedCap()) { // the results are the capability itself
      RpcException e =
          assertThrows(
              RpcException.class,
              () -> late.newCall(IFACE, 1).send().get(WAIT_SECONDS, TimeUnit.SECONDS));
      assertTrue(e.getMessage().contains("already released"), e.getMessage());
    }
  }

  @Test
  void aTimedGetWaitsForAVirtualThreadThatClaimedTheTransferButHasNotCompletedIt()
      throws Exception {
    CountDownLatch claimed = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    RemotePromise promise =
        new RemotePromise(
            remote.hook().call(new CallRequest(IFACE, (short) 0, emptyParams())),
            () -> {
              claimed.countDown();
              try {
                proceed.await(WAIT_SECONDS, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    Sent s = new Sent(promise, peer.next(Rpc.Message.Which.CALL).getCall().getQuestionId());
    try {
      peer.returnEmpty(s.question(), false); // nobody waits: a virtual thread transfers
      assertTrue(claimed.await(WAIT_SECONDS, TimeUnit.SECONDS), "no thread claimed the transfer");
      AtomicReference<Response> got = new AtomicReference<>();
      Thread getter =
          startGetting("timed getter", got, () -> s.promise().get(WAIT_SECONDS, TimeUnit.SECONDS));
      proceed.countDown(); // the getter waits (it did not time out at once): let the transfer end
      getter.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
      assertNotNull(got.get(), "the timed get returned the answer instead of timing out");
      got.get().close();
    } finally {
      proceed.countDown();
    }
  }

  @Test
  void withNobodyBlockedAVirtualThreadCompletesTheFuture() throws Exception {
    Sent s = send();
    AtomicInteger runs = new AtomicInteger();
    CompletableFuture<Thread> where = completer(s.promise(), runs);

    peer.returnEmpty(s.question(), false);

    Thread t = where.get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertTrue(t.isVirtual(), "dependent action ran on " + t + ", not a virtual thread");
    Response r = s.promise().join();
    assertSame(r, s.promise().join(), "a later join sees the same response");
    assertEquals(1, runs.get());
    r.close();
  }

  @Test
  void aFailedCallFailsThePromiseWithTheCalleesReasonOnTheJoiningThread() throws Exception {
    Sent s = send();
    AtomicInteger runs = new AtomicInteger();
    CompletableFuture<Thread> where = completer(s.promise(), runs);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread joiner =
        startBlocked(
            "joiner",
            () -> {
              try {
                s.promise().join();
              } catch (Throwable e) {
                thrown.set(e);
              }
            });

    peer.send(
        m -> {
          Rpc.Return.Builder r = m.root.initReturn();
          r.setAnswerId(s.question());
          r.setReleaseParamCaps(false);
          r.initException().setReason("no such widget 42");
        });
    joiner.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));

    RpcException e = assertInstanceOf(RpcException.class, thrown.get());
    assertTrue(e.getMessage().contains("no such widget 42"), e.getMessage());
    assertSame(joiner, where.get(WAIT_SECONDS, TimeUnit.SECONDS));
  }

  @Test
  void cancelWakesABlockedJoinerAndSendsFinish() throws Exception {
    Sent s = send();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread joiner =
        startBlocked(
            "joiner",
            () -> {
              try {
                s.promise().join();
              } catch (Throwable e) {
                thrown.set(e);
              }
            });

    assertTrue(s.promise().cancel());
    joiner.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));

    assertFalse(joiner.isAlive(), "cancel left the joiner blocked");
    assertEquals("failed: call canceled", thrown.get().getMessage());
    assertEquals(s.question(), peer.next(Rpc.Message.Which.FINISH).getFinish().getQuestionId());
    // The late Return is released by the connection; the promise stays canceled.
    peer.returnEmpty(s.question(), false);
    peer.sync();
    assertEquals("failed: call canceled", s.promise().failure().orElseThrow().getMessage());
  }

  @Test
  void aTimedGetWithNoAnswerTimesOutAndALaterAnswerStillArrives() throws Exception {
    Sent s = send();
    assertThrows(TimeoutException.class, () -> s.promise().get(20, TimeUnit.MILLISECONDS));
    assertFalse(s.promise().isDone());

    peer.returnEmpty(s.question(), false);

    s.promise().get(WAIT_SECONDS, TimeUnit.SECONDS).close();
  }

  /**
   * Many joiners race the loop for each call, some blocked before the answer and some arriving with
   * it: the future completes once, every joiner gets the same response, and the dependent action
   * runs once, on a joiner or a virtual thread (never the event loop, a platform thread that is no
   * joiner).
   */
  @Test
  void joinersRacingTheLoopCompleteThePromiseExactlyOnce() throws Exception {
    for (int round = 0; round < 200; round++) {
      Sent s = send();
      AtomicInteger runs = new AtomicInteger();
      CompletableFuture<Thread> where = completer(s.promise(), runs);
      int joinerCount = 1 + round % 4;
      List<Thread> joiners = new ArrayList<>();
      List<Response> responses = java.util.Collections.synchronizedList(new ArrayList<>());
      CountDownLatch go = new CountDownLatch(1);
      for (int j = 0; j < joinerCount; j++) {
        joiners.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      try {
                        go.await();
                      } catch (InterruptedException e) {
                        throw new AssertionError(e);
                      }
                      responses.add(s.promise().join());
                    }));
      }
      if (round % 2 == 0) {
        go.countDown(); // joiners run before the answer is sent ...
        peer.returnEmpty(s.question(), false);
      } else {
        peer.returnEmpty(s.question(), false);
        go.countDown(); // ... or race its arrival
      }
      for (Thread t : joiners) {
        t.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        assertFalse(t.isAlive(), "round " + round + ": a joiner is still blocked");
      }
      Thread ran = where.get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertTrue(
          ran.isVirtual() || joiners.contains(ran),
          "round " + round + ": dependent action ran on " + ran);
      assertEquals(joinerCount, responses.size());
      for (Response r : responses) {
        assertSame(responses.get(0), r, "round " + round + ": joiners saw different responses");
      }
      assertEquals(1, runs.get());
      responses.get(0).close();
      assertEquals(s.question(), peer.next(Rpc.Message.Which.FINISH).getFinish().getQuestionId());
    }
  }
}
