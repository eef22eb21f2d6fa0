package corral.runtime.rpc;

import corral.runtime.rpc.protocol.Rpc;
import corral.runtime.rpc.transport.Frame;
import corral.runtime.rpc.transport.FrameException;
import corral.runtime.rpc.transport.MemoryBudget;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.capnproto.AnyPointer;
import org.capnproto.ReaderArena;
import org.capnproto.StructList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One two-party connection speaking the Cap'n Proto RPC protocol (rpc.capnp, level 1) with one peer
 * vat. The vocabulary is the protocol's, seen from this side:
 *
 * <pre>
 *   questions  calls and bootstraps we sent       ids we choose   freed on Return + Finish
 *   answers    calls and bootstraps we received   ids peer chose  freed on Return + Finish
 *   exports    our capabilities the peer holds    ids we choose   refcounted, freed on Release
 *   imports    peer capabilities we hold          ids peer chose  Release sent when unused
 *   embargoes  resolutions held back by a Disembargo round trip (E-order)
 * </pre>
 *
 * <p><b>Threading.</b> All protocol state is confined to the channel's event loop; nothing on it
 * blocks. Public methods and capability hooks may be used from any thread: they hand their work to
 * the loop. Server methods run elsewhere (see {@link Server}).
 *
 * <p><b>Failure.</b> A message that breaks the protocol (a framing error, an unknown id, a
 * malformed struct) makes this side send {@code Abort} naming the violation and close this
 * connection only; every outstanding question then fails as {@code disconnected}.
 *
 * <p><b>Lifetime.</b> {@link #close()} closes the channel; capabilities imported over it become
 * broken. Our capabilities exported to the peer are released when it disconnects.
 */
public final class RpcConnection implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RpcConnection.class);

  private final Channel channel;
  private final EventLoop loop;
  private final ClientHook bootstrap;
  private final RpcLimits limits;
  private final MemoryBudget budget;
  private final String peer;

  /** Where answers are handed to callers off the loop (see {@link RemotePromise}). */
  private final java.util.concurrent.Executor callbacks;

  /** Closed after this connection by {@link #close()}: the vat a one-connection client made. */
  private volatile AutoCloseable owner;

  // --- protocol state: event loop only ---
  private final IdTable<Question> questions = new IdTable<>();
  private final Map<Integer, Answer> answers = new HashMap<>();
  private final IdTable<Export> exports = new IdTable<>();
  private final Map<ClientHook, Integer> exportsByHook = new IdentityHashMap<>();
  private final Map<Integer, Import> imports = new HashMap<>();
  private final IdTable<Embargo> embargoes = new IdTable<>();
  private RpcException disconnected;

  /** Calls from the peer delivered and not yet returned (see {@link RpcLimits}). */
  private int callsRunning;

  /** Bytes of results held for answers returned and not finished, taken from {@link #budget}. */
  private long heldResultBytes;

  /** The peer shut its side down: close once the calls it made have been answered. */
  private boolean inputClosed;

  /**
   * How long a lazily written message may wait for company (see {@link #sendLazily}): long enough
   * for a caller woken by a {@code Return} to make its next call, short enough that the peer frees
   * its answer soon after.
   */
  static final long LAZY_FLUSH_NANOS = 100_000;

  private boolean lazyPending;
  private boolean lazyFlushScheduled;

  private final CompletableFuture<RpcException> closed = new CompletableFuture<>();

  /**
   * Makes the connection's state for {@code channel}; add {@link #handler()} to its pipeline after
   * the framing codec.
   *
   * @param bootstrap what the peer gets for {@code Bootstrap} (the connection holds its own
   *     reference until closed), or null to refuse
   * @param callbacks runs the hand-over of answers to callers nobody is blocked waiting for
   */
  RpcConnection(
      Channel channel,
      Client bootstrap,
      RpcLimits limits,
      MemoryBudget budget,
      String peer,
      java.util.concurrent.Executor callbacks) {
    this.channel = channel;
    this.callbacks = callbacks;
    this.loop = channel.eventLoop();
    this.bootstrap = bootstrap == null ? null : bootstrap.hook().addRef();
    this.limits = limits;
    this.budget = budget;
    this.peer = peer;
  }

  ChannelInboundHandlerAdapter handler() {
    return new Handler();
  }

  /**
   * The peer's bootstrap capability as a typed client: {@code bootstrap(Foo.Client::new)}. A
   * promise until the peer answers (calls made meanwhile are pipelined); the caller closes it. No
   * check is made that the peer's object is a {@code Foo}: a method it lacks fails as {@code
   * unimplemented}.
   */
  public <C extends Client> C bootstrap(java.util.function.Function<? super Client, C> typed) {
    return typed.apply(bootstrap());
  }

  /** The peer's bootstrap capability (a promise until the peer answers). The caller closes it. */
  public Client bootstrap() {
    QuestionCall call = new QuestionCall();
    // Reserve a pipelined-cap slot before the question can be answered: the Return may be
    // handled (and the bootstrap results released) before pipelinedCap below registers itself,
    // and the reservation makes succeed() keep a share of the results for it. Released by the
    // last task posted here, which runs after pipelinedCap's own task (tasks run in order).
    call.pendingCaps.incrementAndGet();
    inLoop(
        () -> {
          if (disconnected != null) {
            call.failed(disconnected);
            return;
          }
          Question q = newQuestion(call);
          q.bootstrap = true;
          Payload.OutgoingMessage m = new Payload.OutgoingMessage();
          m.root.initBootstrap().setQuestionId(q.id);
          send(m);
        });
    Client cap = new Client(call.pipelinedCap(new short[0]));
    inLoop(
        () -> {
          if (call.pendingCaps.decrementAndGet() == 0 && call.heldForPipelines != null) {
            call.heldForPipelines.release();
            call.heldForPipelines = null;
          }
        });
    return cap;
  }

  /**
   * Closes the connection; outstanding calls fail as {@code disconnected}. What was sent before
   * (calls handed to the loop before this, Finish and Release written lazily) is written first,
   * with the grace a shut-down connection gives its last writes: a sent call reaches the peer or
   * its promise fails as {@code disconnected}. Idempotent; does not wait.
   */
  @Override
  public void close() {
    inLoop(() -> shutdown(RpcException.disconnected("connection closed by this side")));
    AutoCloseable o = owner;
    if (o == null) {
      return;
    }
    owner = null;
    // The owned vat goes once the channel has closed (after its last writes): closing it at once
    // would stop the loop before they are written.
    if (loop.inEventLoop()) {
      channel.closeFuture().addListener(_ -> Thread.ofVirtual().start(() -> closeOwner(o)));
    } else {
      channel.closeFuture().awaitUninterruptibly(2 * CLOSE_GRACE_MILLIS);
      closeOwner(o);
    }
  }

  private void closeOwner(AutoCloseable o) {
    try {
      o.close();
    } catch (Exception e) {
      log.warn("closing {} after the connection to {}: {}", o, peer, e.toString());
    }
  }

  /** Makes {@link #close()} close {@code owned} after the connection (see {@link Vat#connect}). */
  void closeWith(AutoCloseable owned) {
    this.owner = owned;
  }

  /**
   * Completes, with the reason, once the connection is closed (by either side or an abort). A stage
   * only the connection completes ({@code toCompletableFuture()} gives a copy to wait on).
   */
  public CompletionStage<RpcException> closed() {
    return closed.minimalCompletionStage();
  }

  /** The sizes of the four tables, for tests and monitoring (read on the event loop). */
  public CompletionStage<TableSizes> tableSizes() {
    CompletableFuture<TableSizes> f = new CompletableFuture<>();
    inLoop(
        () ->
            f.complete(
                new TableSizes(questions.size(), answers.size(), exports.size(), imports.size())));
    return f.minimalCompletionStage();
  }

  /** Counts of the connection's tables at one instant. */
  public record TableSizes(int questions, int answers, int exports, int imports) {}

  @Override
  public String toString() {
    return "RpcConnection[" + peer + "]";
  }

  // ---------------------------------------------------------------------------------------------
  // Event loop plumbing

  private void inLoop(Runnable r) {
    if (loop.inEventLoop()) {
      r.run();
      return;
    }
    try {
      loop.execute(r);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // The vat closed: its loop ended after this connection did, which failed every question
      // and dropped every table. What is left to do here (a Release, a Return for a call that
      // outlived its connection) has no connection to go to.
    }
  }

  private void send(Payload.OutgoingMessage m) {
    if (disconnected != null) {
      return; // after an Abort or a close nothing more goes out
    }
    ByteBuffer[] segments = m.builder.getSegmentsForOutput();
    lazyPending = false; // flushed with this one
    channel.writeAndFlush(new Frame(segments), channel.voidPromise());
    checkOutbound();
  }

  /**
   * Stops reading the peer while this side's socket is full (over the write buffer's high-water
   * mark) and reads again once it drained below the low one, so a peer that does not read its
   * replies gets no more calls answered and what this side queues for it stays bounded — unless
   * this side awaits answers from the peer: then it must read on, since its socket may be full of
   * its own calls, which a peer whose socket is full of their answers stops reading (each side
   * waiting for the other, seen with 64 KiB calls and replies in flight both ways). What is queued
   * then is still bounded by {@code maxOutboundBytes} ({@link #checkOutbound}) and the peer's
   * limits on calls.
   */
  private void updateReading() {
    boolean read = channel.isWritable() || questions.size() > 0;
    if (channel.config().isAutoRead() != read) {
      channel.config().setAutoRead(read);
    }
  }

  /**
   * Aborts the connection when the peer has left more than {@code maxOutboundBytes} of what was
   * sent to it unread (it stopped reading; see {@link Handler#channelWritabilityChanged}).
   */
  private void checkOutbound() {
    var outbound = channel.unsafe().outboundBuffer();
    long pending = outbound == null ? 0 : outbound.totalPendingWriteBytes();
    if (pending > limits.maxOutboundBytes() && disconnected == null) {
      abort(
          "the peer left "
              + pending
              + " bytes of replies unread, beyond the limit maxOutboundBytes = "
              + limits.maxOutboundBytes());
    }
  }

  /**
   * Writes a message nobody waits for (the {@code Finish} after a {@code Return}, a {@code
   * Release}) without flushing it: it leaves with the next message sent on this connection, or
   * after {@link #LAZY_FLUSH_NANOS} if none is. A caller making calls in a row thus sends each call
   * together with the previous call's {@code Finish} in one write, and the peer's event loop wakes
   * once per call instead of twice. Order is kept: every write goes through the same channel.
   */
  private void sendLazily(Payload.OutgoingMessage m) {
    if (disconnected != null) {
      return;
    }
    channel.write(new Frame(m.builder.getSegmentsForOutput()), channel.voidPromise());
    checkOutbound();
    lazyPending = true;
    if (!lazyFlushScheduled) {
      lazyFlushScheduled = true;
      loop.schedule(this::flushLazily, LAZY_FLUSH_NANOS, TimeUnit.NANOSECONDS);
    }
  }

  private void flushLazily() {
    lazyFlushScheduled = false;
    if (lazyPending) {
      lazyPending = false;
      channel.flush();
    }
  }

  /** A peer's protocol violation: aborts this connection. */
  private static final class ProtocolViolation extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ProtocolViolation(String message) {
      super(message, null, false, false);
    }
  }

  private static ProtocolViolation violation(String message) {
    return new ProtocolViolation(message);
  }

  /** A 32-bit id or count of the protocol, which is unsigned, as text. */
  private static String u(int value) {
    return Integer.toUnsignedString(value);
  }

  /** A violation of the limit {@code name} of {@link RpcLimits}, which is {@code value}. */
  private static ProtocolViolation overLimit(String what, String name, long value) {
    return violation(what + ", beyond the limit " + name + " = " + value);
  }

  private final class Handler extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (disconnected != null) {
        return;
      }
      Frame frame = (Frame) msg;
      try {
        receive(frame);
      } catch (ProtocolViolation v) {
        abort(v.getMessage());
      } catch (RuntimeException e) {
        log.debug("message from {} cannot be read", peer, e);
        abort(malformed(e, frame));
      } catch (Error e) {
        // The loop carries other connections: this one ends, they go on.
        failed(e);
      }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      updateReading();
      ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
      if (event instanceof ChannelInputShutdownEvent) {
        inputClosed = true;
        closeIfAnswered();
      }
      ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      Throwable c =
          cause instanceof io.netty.handler.codec.DecoderException && cause.getCause() != null
              ? cause.getCause()
              : cause;
      if (c instanceof FrameException) {
        abort("bad framing: " + c.getMessage());
      } else if (c instanceof Error e) {
        failed(e);
      } else {
        log.debug("connection to {} failed: {}", peer, c.toString());
        shutdown(RpcException.disconnected("connection to " + peer + " failed: " + c));
        ctx.close();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      shutdown(RpcException.disconnected("peer " + peer + " disconnected"));
    }
  }

  /** An error (out of memory, a bug) while handling this connection: it ends, logged once. */
  private void failed(Error e) {
    if (disconnected != null) {
      return;
    }
    log.error("closing the connection to {}: error while handling it: {}", peer, e.toString());
    shutdown(RpcException.disconnected("connection to " + peer + " closed after an error: " + e));
  }

  /**
   * The peer has shut its side down ({@link #inputClosed}): once every call it made has its Return
   * queued, the connection shuts down, which closes it after those writes.
   */
  private void closeIfAnswered() {
    if (inputClosed && callsRunning == 0) {
      shutdown(RpcException.disconnected("peer " + peer + " closed its side of the connection"));
    }
  }

  /**
   * The protocol's words for a message the capnp runtime could not read (its Java exception goes to
   * the debug log only).
   */
  private static String malformed(RuntimeException e, Frame frame) {
    return switch (e) {
      case org.capnproto.DecodeException d -> "malformed message: " + d.getMessage();
      case IndexOutOfBoundsException _ ->
          "malformed message: a pointer names a segment the message does not have (it has "
              + frame.segments().length
              + ")";
      case IllegalArgumentException _, java.nio.BufferUnderflowException _ ->
          "malformed message: a pointer leads outside its segment";
      default -> "malformed message: its pointers cannot be followed";
    };
  }

  private void abort(String violation) {
    if (disconnected != null) {
      return;
    }
    log.warn("aborting connection to {}: peer committed RPC protocol error: {}", peer, violation);
    Payload.OutgoingMessage m = new Payload.OutgoingMessage();
    writeException(
        m.root.initAbort(), RpcException.failed("peer committed RPC protocol error: " + violation));
    channel
        .writeAndFlush(new Frame(m.builder.getSegmentsForOutput()))
        .addListener(ChannelFutureListener.CLOSE);
    shutdown(RpcException.disconnected("connection aborted: " + violation));
  }

  /** Fails everything in flight and drops all references; once. */
  private void shutdown(RpcException reason) {
    if (disconnected != null) {
      return;
    }
    disconnected = reason;
    List<Question> qs = new ArrayList<>();
    questions.forEach((id, q) -> qs.add(q));
    for (Question q : qs) {
      q.fail(reason);
    }
    for (Answer a : List.copyOf(answers.values())) {
      if (a.call != null && !a.returned) {
        a.call.cancel();
      }
      if (a.results != null) {
        a.results.release();
      }
    }
    answers.clear();
    budget.release(heldResultBytes);
    heldResultBytes = 0;
    List<Export> es = new ArrayList<>();
    exports.forEach((id, e) -> es.add(e));
    exportsByHook.clear();
    for (Export e : es) {
      e.hook.release();
    }
    List<Embargo> em = new ArrayList<>();
    embargoes.forEach((id, e) -> em.add(e));
    for (Embargo e : em) {
      e.queue.resolve(new BrokenClient(reason));
      e.replacement.release();
    }
    if (bootstrap != null) {
      bootstrap.release();
    }
    closed.complete(reason);
    // Close once what is queued (an Abort, Returns, lazily written Finish and Release) has been
    // written: a close now would discard writes the socket has not taken yet. A peer that stops
    // reading them is cut off after CLOSE_GRACE without progress, and any after frameTimeout.
    channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    long deadline = System.nanoTime() + limits.frameTimeout().toNanos();
    loop.schedule(
        () -> closeUnlessWriting(Long.MAX_VALUE, deadline),
        CLOSE_GRACE_MILLIS,
        TimeUnit.MILLISECONDS);
  }

  /**
   * Closes the shut-down channel unless the peer has taken some of its queued bytes since the last
   * look ({@code pendingBefore} were queued then) and {@code deadline} has not passed.
   */
  private void closeUnlessWriting(long pendingBefore, long deadline) {
    if (!channel.isOpen()) {
      return;
    }
    ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
    long pending = out == null ? 0 : out.totalPendingWriteBytes();
    if (pending == 0 || pending >= pendingBefore || System.nanoTime() - deadline > 0) {
      channel.close();
      return;
    }
    loop.schedule(
        () -> closeUnlessWriting(pending, deadline), CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** How long a shut-down connection waits for the peer to take any of its last writes. */
  private static final long CLOSE_GRACE_MILLIS = 1000;

  // ---------------------------------------------------------------------------------------------
  // Receiving

  private void receive(Frame frame) {
    ByteBuffer[] segs = frame.segments();
    CapTable caps = new CapTable();
    ReaderArena arena = new ReaderArena(segs, limits.traversalWords());
    for (int i = 0; i < segs.length; i++) {
      arena.segments.set(i, new CapSegmentReader(segs[i], arena, caps));
    }
    if (segs[0].remaining() < 8) {
      throw violation("message has an empty first segment");
    }
    AnyPointer.Reader root = new AnyPointer.Reader(arena.segments.get(0), 0, limits.nestingDepth());
    Rpc.Message.Reader msg = root.getAs(Rpc.Message.factory);
    switch (msg.which()) {
      case CALL -> handleCall(msg.getCall(), caps);
      case RETURN -> handleReturn(msg.getReturn(), caps);
      case FINISH -> handleFinish(msg.getFinish());
      case RESOLVE -> handleResolve(msg.getResolve(), caps);
      case RELEASE -> handleRelease(msg.getRelease().getId(), msg.getRelease().getReferenceCount());
      case DISEMBARGO -> handleDisembargo(msg.getDisembargo());
      case BOOTSTRAP -> handleBootstrap(msg.getBootstrap());
      case ABORT -> {
        RpcException e = readException(msg.getAbort());
        log.info("peer {} aborted the connection: {}", peer, e.reason());
        shutdown(RpcException.disconnected("peer aborted the connection: " + e.reason()));
      }
      case UNIMPLEMENTED -> handleUnimplemented(msg.getUnimplemented());
      default -> sendUnimplemented(root, msg.which());
    }
  }

  /**
   * Answers a message of a kind this vat does not implement with {@code unimplemented} carrying
   * only the message's kind (its union discriminant), not its content: the answer is 5 words
   * whatever came in (echoing the content let 48 KB in produce 64 MB out, and the capnp runtime's
   * copy writes malformed structs for pointer counts above 0x7FFF). The peers' use of the echo — to
   * learn which kind was refused — needs nothing more.
   */
  private void sendUnimplemented(AnyPointer.Reader root, Rpc.Message.Which which) {
    log.debug("peer {} sent {} which this vat does not implement", peer, which);
    Payload.OutgoingMessage m = new Payload.OutgoingMessage();
    PointerCopier.copyDiscriminant(root, m.root.initUnimplemented());
    send(m);
  }

  private void handleUnimplemented(Rpc.Message.Reader echoed) {
    switch (echoed.which()) {
      case RESOLVE -> {
        // The peer cannot take a resolution; drop the export it would have held.
        Rpc.CapDescriptor.Reader d = echoed.getResolve().getCap();
        if (echoed.getResolve().isCap() && (d.isSenderHosted() || d.isSenderPromise())) {
          handleRelease(d.isSenderHosted() ? d.getSenderHosted() : d.getSenderPromise(), 1);
        }
      }
      default ->
          throw violation(
              "peer answered our "
                  + echoed.which()
                  + " message with unimplemented;"
                  + " this vat only sends level-1 messages every implementation must handle");
    }
  }

  // --- Bootstrap ---

  private void handleBootstrap(Rpc.Bootstrap.Reader b) {
    int qid = b.getQuestionId();
    Answer a = newAnswer(qid);
    Payload results;
    if (bootstrap == null) {
      a.call =
          BrokenClient.failedCall(RpcException.failed("this vat offers no bootstrap capability"));
      sendReturn(a, null, a.call.result().exceptionNow());
      return;
    }
    Payload.OutgoingMessage m = new Payload.OutgoingMessage();
    AnyPointer.Builder content = m.root.initReturn().initResults().getContent();
    int index = m.caps.add(bootstrap.addRef());
    CapabilityPointers.writeWord(content, CapabilityPointers.capabilityWord(index));
    results = Payload.built(m, content);
    a.call = new SettledCall(results);
    sendReturn(a, results, null);
  }

  /** A call whose results exist already (bootstrap answers). */
  private static final class SettledCall implements PendingCall {
    private final CompletableFuture<Payload> result;

    SettledCall(Payload p) {
      result = CompletableFuture.completedFuture(p);
    }

    @Override
    public CompletableFuture<Payload> result() {
      return result;
    }

    @Override
    public ClientHook pipelinedCap(short[] ops) {
      return QueuedPipeline.orNull(result.join().capAt(ops));
    }

    @Override
    public java.util.concurrent.Executor callbacks() {
      return Runnable::run; // done before anyone can depend on it
    }

    @Override
    public void cancel() {}
  }

  // --- Call ---

  private Answer newAnswer(int qid) {
    if (answers.containsKey(qid)) {
      throw violation("question id " + u(qid) + " is already in use by an unfinished question");
    }
    if (answers.size() >= limits.maxAnswers()) {
      throw overLimit(
          "question "
              + u(qid)
              + " would be the peer's answer "
              + (answers.size() + 1)
              + " not finished",
          "maxAnswers",
          limits.maxAnswers());
    }
    Answer a = new Answer(qid);
    answers.put(qid, a);
    return a;
  }

  private void handleCall(Rpc.Call.Reader call, CapTable caps) {
    int qid = call.getQuestionId();
    Answer a = newAnswer(qid);
    Rpc.Payload.Reader p = call.getParams();
    receiveCaps(p.getCapTable(), caps);
    Payload params = Payload.received(p.getContent(), caps);
    switch (call.getSendResultsTo().which()) {
      case CALLER -> {}
      case YOURSELF -> a.resultsToSelf = true;
      default -> {
        params.release();
        a.call =
            BrokenClient.failedCall(
                RpcException.unimplemented("sendResultsTo.thirdParty needs level 3"));
        sendReturn(a, null, a.call.result().exceptionNow());
        return;
      }
    }
    ClientHook target = messageTarget(call.getTarget());
    if (callsRunning >= limits.maxCallsInProgress()) {
      // A flood: refuse at once, without delivering it, rather than queue without bound. Reading
      // stays on, so the Returns and Finishes that end the running calls still arrive.
      target.release();
      params.release();
      a.call =
          BrokenClient.failedCall(
              RpcException.overloaded(
                  "this vat already runs " + callsRunning + " calls from " + peer + ", the limit"));
      sendReturn(a, null, a.call.result().exceptionNow());
      return;
    }
    callsRunning++;
    a.running = true;
    PendingCall pc;
    try {
      pc = target.call(new CallRequest(call.getInterfaceId(), call.getMethodId(), params));
    } finally {
      target.release();
    }
    a.call = pc;
    pc.result().whenComplete((res, err) -> inLoop(() -> sendReturn(a, res, err)));
  }

  /** The hook a MessageTarget names; a new reference. */
  private ClientHook messageTarget(Rpc.MessageTarget.Reader t) {
    switch (t.which()) {
      case IMPORTED_CAP -> {
        Export e = exports.get(t.getImportedCap());
        if (e == null) {
          throw violation("target export id " + u(t.getImportedCap()) + " is not a current export");
        }
        return e.hook.addRef();
      }
      case PROMISED_ANSWER -> {
        Rpc.PromisedAnswer.Reader pa = t.getPromisedAnswer();
        Answer a = answers.get(pa.getQuestionId());
        if (a == null || a.call == null) {
          throw violation(
              "pipelined target question " + u(pa.getQuestionId()) + " is not a current answer");
        }
        return a.call.pipelinedCap(ops(pa));
      }
      default -> throw violation("unknown message target kind");
    }
  }

  private static short[] ops(Rpc.PromisedAnswer.Reader pa) {
    StructList.Reader<Rpc.PromisedAnswer.Op.Reader> t = pa.getTransform();
    short[] ops = new short[t.size()];
    int n = 0;
    for (Rpc.PromisedAnswer.Op.Reader op : t) {
      switch (op.which()) {
        case NOOP -> {}
        case GET_POINTER_FIELD -> ops[n++] = op.getGetPointerField();
        default -> throw violation("unknown PromisedAnswer.Op");
      }
    }
    return java.util.Arrays.copyOf(ops, n);
  }

  /**
   * Sends the Return of {@code a}: {@code error} if not null, else {@code results} — in place when
   * they were built in a Return message, otherwise copied into one — or resultsSentElsewhere when
   * the peer asked for the results to stay here. Keeps the results (for pipelining) until the
   * peer's Finish, within {@code maxHeldResultBytes} and the vat's memory budget.
   */
  private void sendReturn(Answer a, Payload results, Throwable error) {
    if (disconnected != null || a.returned) {
      if (results != null) {
        results.release();
      }
      return;
    }
    a.returned = true;
    if (a.running) {
      a.running = false;
      callsRunning--;
    }
    Payload.OutgoingMessage built =
        error == null && !a.resultsToSelf && results.outgoing() != null ? results.outgoing() : null;
    boolean inPlace = built != null && built.root.isReturn();
    Payload.OutgoingMessage m = inPlace ? built : new Payload.OutgoingMessage();
    Rpc.Return.Builder ret = inPlace ? m.root.getReturn() : m.root.initReturn();
    ret.setAnswerId(a.id);
    ret.setReleaseParamCaps(false);
    if (error != null) {
      writeException(ret.initException(), RpcException.from(error));
    } else if (a.resultsToSelf) {
      ret.setResultsSentElsewhere();
    } else if (inPlace) {
      a.resultExports = writeCapTable(ret.getResults(), results.caps());
    } else {
      try {
        PointerCopier.copy(results.content(), ret.initResults().getContent());
        a.resultExports = writeCapTable(ret.getResults(), m.caps);
      } catch (RuntimeException e) {
        writeException(
            ret.initException(),
            RpcException.failed("results cannot be relayed to " + peer + ": " + e.getMessage()));
      }
    }
    a.results = results;
    send(m);
    if (!inPlace) {
      m.caps.release(); // a copy's (or none): the exports hold references of their own
    }
    if (a.finished) {
      removeAnswer(a);
    } else if (results != null) {
      hold(a, m);
    }
    closeIfAnswered();
  }

  /**
   * Counts the results of {@code a}, sent in {@code m}, as held until the peer's Finish: at least
   * the 1 KiB first segment every message takes, against the connection's {@code
   * maxHeldResultBytes} and the vat's budget. Aborts the connection beyond either.
   */
  private void hold(Answer a, Payload.OutgoingMessage m) {
    if (disconnected != null) {
      return;
    }
    long bytes =
        Math.max(HELD_MINIMUM_BYTES, 8 * new Frame(m.builder.getSegmentsForOutput()).words());
    if (heldResultBytes + bytes > limits.maxHeldResultBytes()) {
      abort(
          overLimit(
                  "results held for the peer's unfinished questions would take "
                      + (heldResultBytes + bytes)
                      + " bytes",
                  "maxHeldResultBytes",
                  limits.maxHeldResultBytes())
              .getMessage());
      return;
    }
    if (!budget.tryReserve(bytes)) {
      abort(
          "results held for question "
              + u(a.id)
              + " need "
              + bytes
              + " bytes, but all connections together hold "
              + budget.held()
              + " bytes of the memory budget of "
              + budget.limit()
              + " bytes (memoryBudgetBytes)");
      return;
    }
    a.heldBytes = bytes;
    heldResultBytes += bytes;
  }

  /** The least a held result is counted as: the first segment every message allocates. */
  private static final long HELD_MINIMUM_BYTES = 1024;

  /** Drops a returned and finished answer: its id, its results and what they held. */
  private void removeAnswer(Answer a) {
    if (a.releaseResultCaps) {
      releaseExports(a.resultExports);
    }
    answers.remove(a.id);
    if (a.results != null) {
      a.results.release();
    }
    budget.release(a.heldBytes);
    heldResultBytes -= a.heldBytes;
    a.heldBytes = 0;
  }

  // --- Finish ---

  private void handleFinish(Rpc.Finish.Reader f) {
    Answer a = answers.get(f.getQuestionId());
    if (a == null) {
      throw violation(
          "Finish for question " + u(f.getQuestionId()) + " which is not a current answer");
    }
    if (a.finished) {
      throw violation("second Finish for question " + u(a.id));
    }
    a.finished = true;
    a.releaseResultCaps = f.getReleaseResultCaps();
    if (a.returned) {
      removeAnswer(a);
    } else if (a.call != null) {
      a.call.cancel();
    }
  }

  // --- Return ---

  private void handleReturn(Rpc.Return.Reader ret, CapTable caps) {
    Question q = questions.get(ret.getAnswerId());
    if (q == null || q.returned) {
      throw violation("Return for question " + u(ret.getAnswerId()) + " which is not awaiting one");
    }
    q.returned = true;
    if (ret.getReleaseParamCaps()) {
      releaseExports(q.paramExports);
    }
    q.paramExports = List.of();
    switch (ret.which()) {
      case RESULTS -> {
        Rpc.Payload.Reader p = ret.getResults();
        receiveCaps(p.getCapTable(), caps);
        Payload results = Payload.received(p.getContent(), caps);
        if (q.finished) {
          results.release(); // canceled: Finish asked the peer to release them (releaseResultCaps)
        } else {
          q.succeed(results);
        }
      }
      case EXCEPTION -> q.fail(readException(ret.getException()));
      case CANCELED -> q.fail(RpcException.failed("the callee canceled the call"));
      case TAKE_FROM_OTHER_QUESTION -> {
        Answer other = answers.get(ret.getTakeFromOtherQuestion());
        if (other == null || other.call == null || !other.resultsToSelf) {
          throw violation(
              "takeFromOtherQuestion names question "
                  + u(ret.getTakeFromOtherQuestion())
                  + " which is not a current answer with results sent to us");
        }
        other
            .call
            .result()
            .whenComplete(
                (res, err) ->
                    inLoop(
                        () -> {
                          if (err != null) {
                            q.fail(RpcException.from(err));
                          } else if (!q.finished) {
                            q.succeed(res.share());
                          }
                          finishQuestion(q);
                        }));
        return;
      }
      case RESULTS_SENT_ELSEWHERE ->
          throw violation(
              "resultsSentElsewhere for question " + u(q.id) + " which did not ask for it");
      default ->
          q.fail(RpcException.unimplemented("Return kind " + ret.which() + " needs level 3"));
    }
    finishQuestion(q);
  }

  /** Sends Finish if not sent, and frees the question id (Return and Finish both done). */
  private void finishQuestion(Question q) {
    if (!q.finished) {
      q.finished = true;
      sendLazily(finishMessage(q.id, false));
    }
    questions.remove(q.id);
    if (!channel.isWritable()) {
      updateReading();
    }
  }

  private void sendFinish(int id, boolean releaseResultCaps) {
    send(finishMessage(id, releaseResultCaps));
  }

  private static Payload.OutgoingMessage finishMessage(int id, boolean releaseResultCaps) {
    Payload.OutgoingMessage m = new Payload.OutgoingMessage();
    Rpc.Finish.Builder f = m.root.initFinish();
    f.setQuestionId(id);
    f.setReleaseResultCaps(releaseResultCaps);
    return m;
  }

  // --- Resolve, Release, Disembargo ---

  private void handleResolve(Rpc.Resolve.Reader r, CapTable caps) {
    ClientHook replacement =
        switch (r.which()) {
          case CAP -> {
            ClientHook h = receiveCap(r.getCap());
            yield h == null ? BrokenClient.NULL.addRef() : h;
          }
          case EXCEPTION -> new BrokenClient(readException(r.getException()));
          default -> throw violation("unknown Resolve kind");
        };
    Import imp = imports.get(r.getPromiseId());
    RemotePromiseClient promise = imp == null ? null : imp.promise;
    if (promise == null || !promise.tryAddRef()) {
      replacement.release(); // we already dropped the promise; drop what it resolved to
      return;
    }
    try {
      promise.resolve(replacement);
    } finally {
      promise.release();
    }
  }

  private void handleRelease(int id, int count) {
    Export e = exports.get(id);
    if (e == null) {
      throw violation("Release of export " + u(id) + " which is not a current export");
    }
    if (count <= 0 || count > e.refcount) {
      throw violation(
          "Release of export " + u(id) + " by " + u(count) + " but its refcount is " + e.refcount);
    }
    e.refcount -= count;
    if (e.refcount == 0) {
      exports.remove(id);
      exportsByHook.remove(e.hook, id);
      e.hook.release();
    }
  }

  private void releaseExports(List<Integer> ids) {
    if (ids == null) {
      return;
    }
    for (int id : ids) {
      if (exports.get(id) != null) {
        handleRelease(id, 1);
      }
    }
  }

  private void handleDisembargo(Rpc.Disembargo.Reader d) {
    Rpc.Disembargo.Context.Reader ctx = d.getContext();
    switch (ctx.which()) {
      case SENDER_LOOPBACK -> {
        ClientHook target = messageTarget(d.getTarget());
        ClientHook resolved = target.resolved();
        if (!(resolved instanceof ImportClient) && !(resolved instanceof PipelineClient)
            || resolved.connection() != this) {
          target.release();
          throw violation(
              "Disembargo senderLoopback sent to an object that does not point back to the sender");
        }
        int embargoId = ctx.getSenderLoopback();
        // Let calls already queued towards the target reach the wire first.
        loop.execute(
            () -> {
              try {
                if (disconnected != null) {
                  return;
                }
                Payload.OutgoingMessage m = new Payload.OutgoingMessage();
                Rpc.Disembargo.Builder out = m.root.initDisembargo();
                writeTarget(resolved, out.initTarget());
                out.getContext().setReceiverLoopback(embargoId);
                send(m);
              } finally {
                target.release();
              }
            });
      }
      case RECEIVER_LOOPBACK -> {
        Embargo e = embargoes.remove(ctx.getReceiverLoopback());
        if (e == null) {
          throw violation(
              "Disembargo receiverLoopback for embargo "
                  + u(ctx.getReceiverLoopback())
                  + " which this side did not send");
        }
        e.queue.resolve(e.replacement);
      }
      default -> {
        throw violation("Disembargo " + ctx.which() + " needs level 3, which this vat lacks");
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Capability descriptors

  private void receiveCaps(StructList.Reader<Rpc.CapDescriptor.Reader> list, CapTable caps) {
    if (list.size() > limits.maxCapTableEntries()) {
      throw overLimit(
          "a cap table of " + list.size() + " entries",
          "maxCapTableEntries",
          limits.maxCapTableEntries());
    }
    for (Rpc.CapDescriptor.Reader d : list) {
      caps.add(receiveCap(d));
    }
  }

  /** The hook a received descriptor stands for; a new reference, or null for {@code none}. */
  private ClientHook receiveCap(Rpc.CapDescriptor.Reader d) {
    return switch (d.which()) {
      case NONE -> null;
      case SENDER_HOSTED -> importCap(d.getSenderHosted(), false);
      case SENDER_PROMISE -> importCap(d.getSenderPromise(), true);
      case RECEIVER_HOSTED -> {
        Export e = exports.get(d.getReceiverHosted());
        if (e == null) {
          throw violation(
              "receiverHosted names export " + u(d.getReceiverHosted()) + " which is not current");
        }
        yield e.hook.addRef();
      }
      case RECEIVER_ANSWER -> {
        Rpc.PromisedAnswer.Reader pa = d.getReceiverAnswer();
        Answer a = answers.get(pa.getQuestionId());
        if (a == null || a.call == null) {
          throw violation(
              "receiverAnswer names question " + u(pa.getQuestionId()) + " which is not an answer");
        }
        yield a.call.pipelinedCap(ops(pa));
      }
      case THIRD_PARTY_HOSTED -> importCap(d.getThirdPartyHosted().getVineId(), false);
      default -> throw violation("unknown CapDescriptor kind");
    };
  }

  private ClientHook importCap(int id, boolean promise) {
    Import imp = imports.get(id);
    ImportClient client = imp == null ? null : imp.client;
    if (client == null || !client.tryAddRef()) {
      if (imp == null && imports.size() >= limits.maxImports()) {
        throw overLimit(
            "import "
                + u(id)
                + " would be the peer's capability "
                + (imports.size() + 1)
                + " held by this side",
            "maxImports",
            limits.maxImports());
      }
      client = new ImportClient(id);
      imp = new Import(client);
      imports.put(id, imp);
    }
    client.remoteRefs++;
    if (!promise) {
      return client;
    }
    if (imp.promise != null && imp.promise.tryAddRef()) {
      client.release();
      return imp.promise;
    }
    imp.promise = new RemotePromiseClient(client);
    return imp.promise;
  }

  private List<Integer> writeCapTable(Rpc.Payload.Builder payload, CapTable caps) {
    List<ClientHook> hooks = caps.entries();
    if (hooks.isEmpty()) {
      return List.of();
    }
    StructList.Builder<Rpc.CapDescriptor.Builder> list = payload.initCapTable(hooks.size());
    List<Integer> exported = new ArrayList<>();
    for (int i = 0; i < hooks.size(); i++) {
      Integer e = writeDescriptor(hooks.get(i), list.get(i));
      if (e != null) {
        exported.add(e);
      }
    }
    return exported;
  }

  /**
   * Describes {@code hook} to the peer; returns the export id whose refcount the descriptor added
   * to, or null if it added none.
   */
  private Integer writeDescriptor(ClientHook hook, Rpc.CapDescriptor.Builder d) {
    if (hook == null) {
      d.setNone();
      return null;
    }
    ClientHook h = hook.resolved();
    if (h.connection() == this) {
      switch (h) {
        case ImportClient ic -> {
          d.setReceiverHosted(ic.importId);
          return null;
        }
        case PipelineClient pc -> {
          writePromisedAnswer(pc, d.initReceiverAnswer());
          return null;
        }
        case RemotePromiseClient rp -> {
          rp.receivedCall = true; // the peer may now call through it
          return writeDescriptor(rp.current, d);
        }
        default -> {}
      }
    }
    Integer id = exportsByHook.get(h);
    if (id != null) {
      exports.get(id).refcount++;
    } else if (exports.size() >= limits.maxExports()) {
      // The peer holds too many of our capabilities without releasing them: it is the one at
      // fault, whatever message of ours was to carry the next.
      abort(
          overLimit(
                  "the peer would hold " + (exports.size() + 1) + " capabilities of this side",
                  "maxExports",
                  limits.maxExports())
              .getMessage());
      d.setNone();
      return null;
    } else {
      Export e = new Export(h.addRef());
      id = exports.add(e);
      exportsByHook.put(h, id);
      if (h.isPromise()) {
        int exportId = id;
        h.whenResolved(() -> inLoop(() -> resolveExport(exportId, h)));
      }
    }
    if (h.isPromise()) {
      d.setSenderPromise(id);
    } else {
      d.setSenderHosted(id);
    }
    return id;
  }

  /** An exported promise settled: tell the peer with Resolve (level 1). */
  private void resolveExport(int id, ClientHook promise) {
    Export e = exports.get(id);
    if (disconnected != null || e == null || e.hook != promise) {
      return; // released meanwhile
    }
    ClientHook r = promise.resolved();
    exportsByHook.remove(promise, id);
    e.hook = r.addRef();
    Payload.OutgoingMessage m = new Payload.OutgoingMessage();
    Rpc.Resolve.Builder res = m.root.initResolve();
    res.setPromiseId(id);
    if (r instanceof BrokenClient b && b != BrokenClient.NULL) {
      writeException(res.initException(), b.reason);
    } else {
      writeDescriptor(r, res.initCap());
    }
    send(m);
    promise.release();
  }

  private void writeTarget(ClientHook h, Rpc.MessageTarget.Builder t) {
    switch (h) {
      case ImportClient ic -> t.setImportedCap(ic.importId);
      case PipelineClient pc -> writePromisedAnswer(pc, t.initPromisedAnswer());
      default -> throw new IllegalStateException("not a remote target: " + h);
    }
  }

  private static void writePromisedAnswer(PipelineClient pc, Rpc.PromisedAnswer.Builder pa) {
    pa.setQuestionId(pc.question.id);
    StructList.Builder<Rpc.PromisedAnswer.Op.Builder> t = pa.initTransform(pc.ops.length);
    for (int i = 0; i < pc.ops.length; i++) {
      t.get(i).setGetPointerField(pc.ops[i]);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Exceptions

  private static void writeException(Rpc.Exception.Builder b, RpcException e) {
    b.setReason(e.reason());
    b.setType(
        switch (e.kind()) {
          case FAILED -> Rpc.Exception.Type.FAILED;
          case OVERLOADED -> Rpc.Exception.Type.OVERLOADED;
          case DISCONNECTED -> Rpc.Exception.Type.DISCONNECTED;
          case UNIMPLEMENTED -> Rpc.Exception.Type.UNIMPLEMENTED;
        });
  }

  private static RpcException readException(Rpc.Exception.Reader r) {
    RpcException.Kind kind =
        switch (r.getType()) {
          case OVERLOADED -> RpcException.Kind.OVERLOADED;
          case DISCONNECTED -> RpcException.Kind.DISCONNECTED;
          case UNIMPLEMENTED -> RpcException.Kind.UNIMPLEMENTED;
          default -> RpcException.Kind.FAILED;
        };
    return new RpcException(kind, r.hasReason() ? r.getReason().toString() : "");
  }

  // ---------------------------------------------------------------------------------------------
  // Sending calls

  private Question newQuestion(QuestionCall call) {
    Question q = new Question(call);
    q.id = questions.add(q);
    call.question = q;
    if (!channel.isWritable()) {
      updateReading();
    }
    return q;
  }

  /** Sends a call to the peer's object named by {@code target}; on the event loop. */
  private PendingCall sendCall(Consumer<Rpc.MessageTarget.Builder> target, CallRequest req) {
    Payload params = req.params();
    if (disconnected != null) {
      params.release();
      return BrokenClient.failedCall(
          RpcException.notDelivered(
              "the connection to "
                  + peer
                  + " ended before the call was sent ("
                  + disconnected.reason()
                  + ")"));
    }
    if (questions.size() >= limits.maxQuestions()) {
      params.release();
      return BrokenClient.failedCall(
          RpcException.overloaded(
              "connection to "
                  + peer
                  + " has "
                  + questions.size()
                  + " calls outstanding,"
                  + " the limit"));
    }
    Payload.OutgoingMessage m = params.outgoing();
    Rpc.Call.Builder c;
    if (m != null && m.root.isCall()) {
      c = m.root.getCall();
    } else {
      m = new Payload.OutgoingMessage();
      c = m.root.initCall();
      try {
        PointerCopier.copy(params.content(), c.initParams().getContent());
      } catch (RuntimeException e) {
        m.caps.release();
        params.release();
        return BrokenClient.failedCall(
            RpcException.failed("parameters cannot be relayed to " + peer + ": " + e.getMessage()));
      }
    }
    QuestionCall call = new QuestionCall();
    Question q = newQuestion(call);
    c.setQuestionId(q.id);
    c.setInterfaceId(req.interfaceId());
    c.setMethodId(req.methodId());
    target.accept(c.initTarget());
    q.paramExports = writeCapTable(c.getParams(), m.caps);
    send(m);
    if (m.caps != params.caps()) {
      m.caps.release(); // a copy: the exports hold references of their own
    }
    params.release();
    return call;
  }

  // ---------------------------------------------------------------------------------------------
  // Table entries

  private static final class Export {
    ClientHook hook;
    int refcount = 1;

    Export(ClientHook hook) {
      this.hook = hook;
    }
  }

  private static final class Import {
    final ImportClient client;
    RemotePromiseClient promise;

    Import(ImportClient client) {
      this.client = client;
    }
  }

  private static final class Answer {
    final int id;
    PendingCall call;
    Payload results;
    List<Integer> resultExports = List.of();
    boolean returned;
    boolean finished;
    boolean releaseResultCaps;
    boolean resultsToSelf;

    /** Counted in {@code callsRunning} until its Return. */
    boolean running;

    /** Bytes of its results counted in {@code heldResultBytes} and the budget until Finish. */
    long heldBytes;

    Answer(int id) {
      this.id = id;
    }
  }

  private record Embargo(QueuedClient queue, ClientHook replacement) {}

  /** A question: a call or bootstrap we sent and whose Return we await. Event loop only. */
  private final class Question {
    final QuestionCall call;
    int id;
    boolean bootstrap;
    boolean returned;
    boolean finished;
    List<Integer> paramExports = List.of();
    final List<RemotePromiseClient> pipelined = new ArrayList<>();
    final List<short[]> pipelinedOps = new ArrayList<>();

    Question(QuestionCall call) {
      this.call = call;
    }

    void succeed(Payload results) {
      for (int i = 0; i < pipelined.size(); i++) {
        pipelined.get(i).resolve(QueuedPipeline.orNull(results.capAt(pipelinedOps.get(i))));
        pipelined.get(i).release();
      }
      pipelined.clear();
      if (call.pendingCaps.get() > 0) {
        call.heldForPipelines = results.share(); // for pipelinedCap tasks still queued
      }
      call.result.complete(results);
      if (bootstrap) {
        results.release(); // only the pipelined bootstrap capability is wanted
      }
    }

    void fail(RpcException e) {
      call.result.completeExceptionally(e);
      for (RemotePromiseClient p : pipelined) {
        p.resolve(new BrokenClient(e));
        p.release();
      }
      pipelined.clear();
      if (disconnected != null) {
        questions.remove(id);
      }
    }
  }

  /** The caller's view of a question; created before the question exists when off the loop. */
  private final class QuestionCall implements PendingCall {
    final CompletableFuture<Payload> result = new CompletableFuture<>();
    volatile Question question;

    /** pipelinedCap tasks handed to the loop and not yet run (they may outlive the Return). */
    final java.util.concurrent.atomic.AtomicInteger pendingCaps =
        new java.util.concurrent.atomic.AtomicInteger();

    /** A share of the results kept for those tasks, since the caller may close them (loop). */
    Payload heldForPipelines;

    void failed(RpcException e) {
      result.completeExceptionally(e);
    }

    @Override
    public CompletableFuture<Payload> result() {
      return result;
    }

    @Override
    public ClientHook pipelinedCap(short[] ops) {
      RemotePromiseClient p = new RemotePromiseClient(null);
      p.addRef(); // the question's reference, dropped when it resolves the promise
      pendingCaps.incrementAndGet();
      inLoop(
          () -> {
            Question q = question;
            try {
              if (result.isDone()) {
                p.current = new BrokenClient(RpcException.disconnected("question ended"));
                if (result.isCompletedExceptionally()) {
                  p.resolve(new BrokenClient(RpcException.from(result.exceptionNow())));
                } else {
                  Payload held = heldForPipelines != null ? heldForPipelines : result.join();
                  p.resolve(QueuedPipeline.orNull(held.capAt(ops)));
                }
                p.release();
                return;
              }
            } finally {
              if (pendingCaps.decrementAndGet() == 0 && heldForPipelines != null) {
                heldForPipelines.release();
                heldForPipelines = null;
              }
            }
            p.current = new PipelineClient(q, ops);
            q.pipelined.add(p);
            q.pipelinedOps.add(ops);
          });
      return p;
    }

    @Override
    public java.util.concurrent.Executor callbacks() {
      return callbacks;
    }

    @Override
    public void cancel() {
      inLoop(
          () -> {
            Question q = question;
            if (q == null || q.returned || q.finished || disconnected != null) {
              return;
            }
            q.finished = true;
            sendFinish(q.id, true);
            q.fail(RpcException.failed("call canceled"));
          });
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Hooks for the peer's objects

  /** A hook whose calls go over this connection; {@link #callOnLoop} runs on the event loop. */
  private abstract class RemoteHook extends ClientHook {
    /** Calls handed to the loop and not yet sent: a call made on the loop must queue behind. */
    private final java.util.concurrent.atomic.AtomicInteger posted =
        new java.util.concurrent.atomic.AtomicInteger();

    @Override
    final PendingCall call(CallRequest request) {
      if (loop.inEventLoop() && posted.get() == 0) {
        return callOnLoop(request);
      }
      posted.incrementAndGet();
      DeferredCall d = new DeferredCall();
      loop.execute(
          () -> {
            try {
              d.bind(callOnLoop(request));
            } finally {
              posted.decrementAndGet();
            }
          });
      return d;
    }

    abstract PendingCall callOnLoop(CallRequest request);

    @Override
    RpcConnection connection() {
      return RpcConnection.this;
    }
  }

  /** An entry of the imports table: the peer's object {@code importId}. */
  final class ImportClient extends RemoteHook {
    final int importId;
    int remoteRefs; // descriptors received for this import; sent back in Release

    ImportClient(int importId) {
      this.importId = importId;
    }

    @Override
    PendingCall callOnLoop(CallRequest request) {
      return sendCall(t -> t.setImportedCap(importId), request);
    }

    @Override
    void destroyed() {
      inLoop(
          () -> {
            Import imp = imports.get(importId);
            if (imp != null && imp.client == this) {
              imports.remove(importId);
            }
            if (disconnected == null && remoteRefs > 0) {
              Payload.OutgoingMessage m = new Payload.OutgoingMessage();
              Rpc.Release.Builder r = m.root.initRelease();
              r.setId(importId);
              r.setReferenceCount(remoteRefs);
              sendLazily(m);
            }
          });
    }
  }

  /** A capability in the results of a question still awaiting its Return. */
  final class PipelineClient extends RemoteHook {
    final Question question;
    final short[] ops;

    PipelineClient(Question question, short[] ops) {
      this.question = question;
      this.ops = ops;
    }

    @Override
    PendingCall callOnLoop(CallRequest request) {
      if (question.returned || question.finished) {
        request.params().release();
        return BrokenClient.failedCall(RpcException.failed("pipelined on a finished question"));
      }
      return sendCall(t -> writePromisedAnswer(this, t.initPromisedAnswer()), request);
    }

    @Override
    void destroyed() {}
  }

  /**
   * A promise hosted by the peer (a senderPromise import, or a capability in results to come) that
   * resolves to another hook. If it resolves to an object that is not the peer's after we made
   * calls through it, the calls still travelling through the peer must arrive first: we embargo the
   * new path with a Disembargo round trip (rpc.capnp, Disembargo) and queue calls until it comes
   * back.
   */
  final class RemotePromiseClient extends RemoteHook {
    volatile ClientHook current; // written on the event loop only
    boolean receivedCall;
    private volatile boolean isResolved;
    private final List<Runnable> listeners = new ArrayList<>();

    RemotePromiseClient(ClientHook initial) {
      this.current = initial;
    }

    @Override
    PendingCall callOnLoop(CallRequest request) {
      if (!isResolved) {
        receivedCall = true;
      }
      return current.call(request);
    }

    void resolve(ClientHook replacement) {
      if (isResolved) {
        replacement.release();
        return;
      }
      isResolved = true;
      ClientHook old = current;
      // No embargo for an error: calls sent to a broken capability fail wherever they queue, so
      // there is no order to keep, and a Disembargo would name a target that is no capability
      // (the peer must treat it as a protocol error). The C++ reference does the same.
      if (replacement.connection() != RpcConnection.this
          && receivedCall
          && !(replacement instanceof BrokenClient)
          && disconnected == null
          && (old instanceof ImportClient || old instanceof PipelineClient)) {
        Payload.OutgoingMessage m = new Payload.OutgoingMessage();
        Rpc.Disembargo.Builder d = m.root.initDisembargo();
        writeTarget(old, d.initTarget());
        if (embargoes.size() >= limits.maxEmbargoes()) {
          abort(
              overLimit(
                      "a resolution would be embargo " + (embargoes.size() + 1),
                      "maxEmbargoes",
                      limits.maxEmbargoes())
                  .getMessage());
          replacement.release();
          return;
        }
        QueuedClient queue = new QueuedClient();
        int id = embargoes.add(new Embargo(queue, replacement));
        d.getContext().setSenderLoopback(id);
        send(m);
        current = queue;
      } else {
        current = replacement;
      }
      if (old != null) {
        old.release();
      }
      listeners.forEach(Runnable::run);
      listeners.clear();
    }

    @Override
    ClientHook resolved() {
      return isResolved ? current.resolved() : this;
    }

    @Override
    boolean isPromise() {
      return !isResolved || current.isPromise();
    }

    @Override
    void whenResolved(Runnable action) {
      inLoop(
          () -> {
            if (isResolved) {
              current.whenResolved(action);
            } else {
              listeners.add(() -> current.whenResolved(action));
            }
          });
    }

    @Override
    void destroyed() {
      inLoop(
          () -> {
            if (current != null) {
              current.release();
              current = null;
            }
          });
    }
  }
}
