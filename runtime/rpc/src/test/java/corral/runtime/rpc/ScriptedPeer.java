package corral.runtime.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import corral.runtime.rpc.protocol.Rpc;
import corral.runtime.rpc.transport.Frame;
import corral.runtime.rpc.transport.FrameDecoder;
import corral.runtime.rpc.transport.FrameEncoder;
import corral.runtime.rpc.transport.FrameLimits;
import corral.runtime.rpc.transport.MemoryBudget;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.capnproto.AnyPointer;
import org.capnproto.MessageReader;
import org.capnproto.ReaderOptions;

/**
 * One real {@link RpcConnection} facing a peer that the test drives by hand, message by message,
 * over Netty's in-VM transport (no sockets). The connection runs on its own event loop with the
 * real framing codec; the test writes {@code rpc.capnp} messages as the peer and reads, in order,
 * every message the connection sends.
 *
 * <pre>
 *   test thread ──send()──▶ [peer LocalChannel] ══frames══▶ [LocalChannel] RpcConnection
 *   test thread ◀──next()── [peer LocalChannel] ◀══frames══ [LocalChannel] (its event loop)
 * </pre>
 *
 * <p>Owns its event loops; {@link #close()} ends the connection and them.
 */
final class ScriptedPeer implements AutoCloseable {
  private static final long WAIT_SECONDS = 10;

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(2, LocalIoHandler.newFactory());

  /** The connection's executor for answers nobody waits for, shut down with the peer. */
  private final java.util.concurrent.ExecutorService callbacks =
      java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

  private final Channel server;
  private final Channel peer;
  private final BlockingQueue<Rpc.Message.Reader> received = new LinkedBlockingQueue<>();

  /** The engine under test. */
  final RpcConnection connection;

  /**
   * @param bootstrap what the connection offers for {@code Bootstrap} (null: nothing); the caller
   *     keeps its own reference
   */
  ScriptedPeer(Client bootstrap) throws Exception {
    this(bootstrap, RpcLimits.DEFAULT);
  }

  /** As {@link #ScriptedPeer(Client)}, the connection under test having {@code limits}. */
  ScriptedPeer(Client bootstrap, RpcLimits limits) throws Exception {
    LocalAddress address = new LocalAddress("scripted-" + UUID.randomUUID());
    CompletableFuture<RpcConnection> made = new CompletableFuture<>();
    server =
        new ServerBootstrap()
            .group(group)
            .channel(LocalServerChannel.class)
            .childHandler(
                new ChannelInitializer<LocalChannel>() {
                  @Override
                  protected void initChannel(LocalChannel ch) {
                    RpcConnection c =
                        new RpcConnection(
                            ch,
                            bootstrap,
                            limits,
                            new MemoryBudget(limits.memoryBudgetBytes()),
                            "scripted peer",
                            callbacks);
                    ch.pipeline()
                        .addLast(new FrameDecoder(FrameLimits.DEFAULT))
                        .addLast(new FrameEncoder())
                        .addLast(c.handler());
                    made.complete(c);
                  }
                })
            .bind(address)
            .sync()
            .channel();
    peer =
        new Bootstrap()
            .group(group)
            .channel(LocalChannel.class)
            .handler(
                new ChannelInitializer<LocalChannel>() {
                  @Override
                  protected void initChannel(LocalChannel ch) {
                    ch.pipeline()
                        .addLast(new FrameDecoder(FrameLimits.DEFAULT))
                        .addLast(new FrameEncoder())
                        .addLast(
                            new SimpleChannelInboundHandler<Frame>() {
                              @Override
                              protected void channelRead0(ChannelHandlerContext ctx, Frame f) {
                                received.add(
                                    new MessageReader(
                                            f.segments(), ReaderOptions.DEFAULT_READER_OPTIONS)
                                        .getRoot(Rpc.Message.factory));
                              }
                            });
                  }
                })
            .connect(address)
            .sync()
            .channel();
    connection = made.get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  // --- what the connection sent ---

  /** The next message the connection sent, waiting for it. */
  Rpc.Message.Reader next() throws InterruptedException {
    Rpc.Message.Reader m = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertNotNull(m, "the connection sent nothing within " + WAIT_SECONDS + " s");
    return m;
  }

  /** The next message, which must be of kind {@code which}. */
  Rpc.Message.Reader next(Rpc.Message.Which which) throws InterruptedException {
    Rpc.Message.Reader m = next();
    assertEquals(which, m.which(), "kind of the next message the connection sent");
    return m;
  }

  /**
   * A round trip through the connection's event loop and the wire: everything the peer sent before
   * has been handled, and the connection sent nothing else in between (the next message must be
   * this sync's Bootstrap).
   */
  void sync() throws InterruptedException {
    Client b = connection.bootstrap();
    int q = next(Rpc.Message.Which.BOOTSTRAP).getBootstrap().getQuestionId();
    send(
        m -> {
          Rpc.Return.Builder r = m.root.initReturn();
          r.setAnswerId(q);
          r.setReleaseParamCaps(false);
          r.initException().setReason("sync");
        });
    assertEquals(q, next(Rpc.Message.Which.FINISH).getFinish().getQuestionId());
    b.close();
  }

  /** The connection's table sizes, read on its event loop. */
  RpcConnection.TableSizes sizes() throws Exception {
    return connection.tableSizes().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  // --- what the peer sends ---

  /** Sends one message built by {@code fill}. */
  void send(Consumer<Payload.OutgoingMessage> fill) throws InterruptedException {
    Payload.OutgoingMessage m = new Payload.OutgoingMessage();
    fill.accept(m);
    peer.writeAndFlush(new Frame(m.builder.getSegmentsForOutput())).sync();
  }

  void bootstrap(int questionId) throws InterruptedException {
    send(m -> m.root.initBootstrap().setQuestionId(questionId));
  }

  void finish(int questionId, boolean releaseResultCaps) throws InterruptedException {
    send(
        m -> {
          Rpc.Finish.Builder f = m.root.initFinish();
          f.setQuestionId(questionId);
          f.setReleaseResultCaps(releaseResultCaps);
        });
  }

  void release(int exportId, int count) throws InterruptedException {
    send(
        m -> {
          Rpc.Release.Builder r = m.root.initRelease();
          r.setId(exportId);
          r.setReferenceCount(count);
        });
  }

  /** A call to the connection's export {@code target}; {@code params} fills the content. */
  void call(
      int questionId,
      int target,
      long interfaceId,
      int methodId,
      Consumer<AnyPointer.Builder> params)
      throws InterruptedException {
    send(
        m -> {
          Rpc.Call.Builder c = m.root.initCall();
          c.setQuestionId(questionId);
          c.initTarget().setImportedCap(target);
          c.setInterfaceId(interfaceId);
          c.setMethodId((short) methodId);
          params.accept(c.initParams().getContent());
        });
  }

  /** A Return whose results are one capability, described by {@code descriptor}. */
  void returnCap(int answerId, Consumer<Rpc.CapDescriptor.Builder> descriptor)
      throws InterruptedException {
    send(
        m -> {
          Rpc.Return.Builder r = m.root.initReturn();
          r.setAnswerId(answerId);
          r.setReleaseParamCaps(false);
          Rpc.Payload.Builder p = r.initResults();
          CapabilityPointers.writeWord(p.getContent(), CapabilityPointers.capabilityWord(0));
          descriptor.accept(p.initCapTable(1).get(0));
        });
  }

  /** A Return whose results are a null pointer (every field reads as its default). */
  void returnEmpty(int answerId, boolean releaseParamCaps) throws InterruptedException {
    send(
        m -> {
          Rpc.Return.Builder r = m.root.initReturn();
          r.setAnswerId(answerId);
          r.setReleaseParamCaps(releaseParamCaps);
          r.initResults();
        });
  }

  // --- reading descriptors ---

  /** The export id a Return's only cap table entry names as {@code senderHosted}. */
  static int senderHostedIn(Rpc.Message.Reader ret) {
    Rpc.Payload.Reader p = ret.getReturn().getResults();
    assertEquals(1, p.getCapTable().size(), "cap table entries in the Return");
    Rpc.CapDescriptor.Reader d = p.getCapTable().get(0);
    assertEquals(Rpc.CapDescriptor.Which.SENDER_HOSTED, d.which(), "descriptor kind");
    return d.getSenderHosted();
  }

  @Override
  public void close() {
    connection.close();
    peer.close().syncUninterruptibly();
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    callbacks.shutdown();
  }
}
