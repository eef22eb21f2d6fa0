package corral.runtime.rpc;

import corral.runtime.rpc.transport.EpollTransport;
import corral.runtime.rpc.transport.FrameDecoder;
import corral.runtime.rpc.transport.FrameEncoder;
import corral.runtime.rpc.transport.MemoryBudget;
import corral.runtime.rpc.transport.RpcAddress;
import corral.runtime.rpc.transport.Transport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A vat: the event loops that carry its connections, the executor that hands answers to callers off
 * those loops, and the way it listens and connects. Each connection is bound to one event loop for
 * its life.
 *
 * <p>The one-call forms are {@link #serve(String, Server)} and {@link #connect(String)}: each makes
 * a vat of its own, closed with the listener or connection it returns.
 *
 * <p>Owns its event loop group and its executor; {@link #close()} closes every connection and
 * listener made by it, then shuts the executor down (waiting for neither the executor's tasks nor
 * the servers' calls: those run on the servers' own executors, see {@link Server}).
 *
 * <p><b>Limits for all connections.</b> The vat-wide {@link RpcLimits} apply to everything it
 * carries: at {@code maxConnections} accepted connections its listeners stop accepting (logged
 * once, with the count, and again when they resume); every connection takes the bytes of frames
 * still arriving and of results held for pipelining from one {@link MemoryBudget} of {@code
 * memoryBudgetBytes}; and every frame must arrive within {@code frameTimeout} of its first byte.
 *
 * <p><b>A dead loop is not ignored.</b> If an event loop thread stops while the vat is open, the
 * vat's {@link EventLoopFailure} is told (by default the process exits), since the connections on
 * that loop would otherwise hang unnoticed.
 */
public final class Vat implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Vat.class);

  private final Transport transport;
  private final EventLoopGroup group;
  private final RpcLimits limits;
  private final Executor callbacks;
  private final Runnable closeCallbacks;

  /** The channels of every connection, accepted or made, until they close. */
  private final java.util.Set<Channel> channels = ConcurrentHashMap.newKeySet();

  private final MemoryBudget budget;
  private volatile boolean closing;

  // --- accepted connections, for maxConnections (guarded by `listeners`) ---
  private final List<Channel> listeners = new CopyOnWriteArrayList<>();
  private int accepted;
  private boolean paused;

  /**
   * A vat on the epoll transport (unix and tcp) with {@code threads} event loops, the default
   * limits, answers nobody is blocked waiting for handed to callers on virtual threads, and a
   * process exit if a loop dies.
   */
  public Vat(int threads) {
    this(threads, RpcLimits.DEFAULT, EventLoopFailure.EXIT);
  }

  /** A vat on the epoll transport with {@code threads} event loops. */
  public Vat(int threads, RpcLimits limits, EventLoopFailure onLoopDeath) {
    this(
        new EpollTransport(),
        EpollTransport.newEventLoopGroup(threads),
        limits,
        Executors.newVirtualThreadPerTaskExecutor(),
        onLoopDeath);
  }

  /**
   * A vat on {@code transport}, whose channels {@code group} must be able to carry, with answers
   * handed over on virtual threads and a process exit if a loop dies.
   */
  public Vat(Transport transport, EventLoopGroup group, RpcLimits limits) {
    this(
        transport,
        group,
        limits,
        Executors.newVirtualThreadPerTaskExecutor(),
        EventLoopFailure.EXIT);
  }

  /**
   * A vat on {@code transport}, whose channels {@code group} must be able to carry; {@code
   * callbacks} runs the hand-over of answers to callers nobody is blocked waiting for (and their
   * dependent actions, see {@link RpcFuture}); {@code onLoopDeath} is told of a loop of {@code
   * group} that stops before {@link #close()}. The vat owns the group and the executor: {@link
   * #close()} shuts the group down, then the executor if it is an {@code ExecutorService}.
   */
  public Vat(
      Transport transport,
      EventLoopGroup group,
      RpcLimits limits,
      Executor callbacks,
      EventLoopFailure onLoopDeath) {
    this.transport = transport;
    this.group = group;
    this.limits = limits;
    this.callbacks = callbacks;
    this.closeCallbacks = callbacks instanceof ExecutorService s ? s::shutdown : () -> {};
    this.budget = new MemoryBudget(limits.memoryBudgetBytes());
    for (EventExecutor loop : group) {
      Future<String> name = loop.submit(() -> Thread.currentThread().getName());
      loop.terminationFuture()
          .addListener(
              _ -> {
                if (!closing) {
                  onLoopDeath.loopDied(name.isSuccess() ? name.getNow() : loop.toString());
                }
              });
    }
  }

  /**
   * Serves {@code bootstrap} on {@code address} ({@code unix:/path} or {@code tcp://host:port},
   * port 0 for any) from a vat of its own with one event loop: each connection's peer gets a
   * reference to the same object as its bootstrap capability. Closing the listener closes the vat
   * and every connection it accepted.
   *
   * @throws RpcException ({@code failed}) if the address cannot be bound
   */
  public static Listener serve(String address, Server bootstrap) {
    Vat vat = new Vat(1);
    try {
      Listener listener = vat.listen(address, () -> Client.of(bootstrap));
      listener.closeWith(vat);
      return listener;
    } catch (Exception e) { // Netty rethrows a bind failure's checked exception unchecked
      vat.close();
      throw e instanceof RpcException r
          ? r
          : RpcException.failed("cannot listen on " + address + ": " + e);
    }
  }

  /**
   * Connects to {@code address} from a vat of its own with one event loop, waiting until connected:
   * closing the connection closes the vat.
   *
   * @throws RpcException ({@code disconnected}) if nothing accepts at {@code address}
   */
  public static RpcConnection connect(String address) {
    Vat vat = new Vat(1);
    try {
      RpcConnection connection = vat.connect(address, null).join();
      connection.closeWith(vat);
      return connection;
    } catch (RuntimeException e) {
      vat.close();
      throw e;
    }
  }

  /**
   * Connects to a vat at {@code address} ({@code unix:/path} or {@code tcp://host:port}), offering
   * {@code bootstrap} (may be null) to it in turn. Fails as {@code disconnected} if nothing accepts
   * there.
   */
  public RpcFuture<RpcConnection> connect(String address, Client bootstrap) {
    CompletableFuture<RpcConnection> result = new CompletableFuture<>();
    CompletableFuture<RpcConnection> installed = new CompletableFuture<>();
    RpcAddress a = RpcAddress.parse(address);
    ChannelFuture f =
        transport.connect(
            group,
            a,
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                installed.complete(install(ch, bootstrap, address));
              }
            });
    f.addListener(
        done -> {
          if (done.isSuccess()) {
            result.complete(installed.join());
          } else {
            result.completeExceptionally(
                RpcException.disconnected("cannot connect to " + address + ": " + done.cause()));
          }
        });
    return new RpcFuture<>(result);
  }

  private RpcConnection install(Channel ch, Client bootstrap, String peer) {
    channels.add(ch);
    ch.closeFuture().addListener(_ -> channels.remove(ch));
    RpcConnection c = new RpcConnection(ch, bootstrap, limits, budget, peer, callbacks);
    ch.pipeline()
        .addLast(new FrameDecoder(limits.frames(), budget, limits.frameTimeout().toNanos()))
        .addLast(new FrameEncoder())
        .addLast(c.handler());
    return c;
  }

  /**
   * Listens on {@code address}; each accepted connection gets {@code bootstrap.get()} as its
   * bootstrap capability (the connection closes what the supplier returns when it ends).
   */
  public Listener listen(String address, Supplier<Client> bootstrap) {
    RpcAddress a = RpcAddress.parse(address);
    ChannelFuture f =
        transport.bind(
            group,
            group,
            a,
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                if (!admit(ch)) {
                  return;
                }
                try (Client b = bootstrap.get()) {
                  install(ch, b, "client of " + address);
                }
              }
            });
    f.syncUninterruptibly();
    Channel server = f.channel();
    listeners.add(server);
    server.closeFuture().addListener(_ -> listeners.remove(server));
    RpcAddress bound =
        switch (a) {
          case RpcAddress.Tcp t ->
              new RpcAddress.Tcp(t.host(), ((InetSocketAddress) server.localAddress()).getPort());
          default -> a;
        };
    return new Listener(server, bound);
  }

  /**
   * Counts an accepted channel against {@code maxConnections}: at the limit the listeners stop
   * accepting (the kernel's backlog holds further clients until a connection closes); a channel
   * accepted beyond it (one accept batch may hold several) is closed at once. False if {@code ch}
   * was closed.
   */
  private boolean admit(Channel ch) {
    int open;
    synchronized (listeners) {
      open = ++accepted;
      if (open >= limits.maxConnections() && !paused) {
        paused = true;
        listeners.forEach(l -> l.config().setAutoRead(false));
        log.warn(
            "{} connections open, the limit maxConnections = {}: not accepting more until one"
                + " closes",
            open,
            limits.maxConnections());
      }
    }
    ch.closeFuture().addListener(_ -> released());
    if (open > limits.maxConnections()) {
      ch.close();
      return false;
    }
    return true;
  }

  private void released() {
    synchronized (listeners) {
      int open = --accepted;
      if (paused && open < limits.maxConnections()) {
        paused = false;
        listeners.forEach(l -> l.config().setAutoRead(true));
        log.info(
            "{} connections open, below maxConnections = {}: accepting again",
            open,
            limits.maxConnections());
      }
    }
  }

  /**
   * A listening socket. Closing it stops accepting; open connections stay, unless the listener owns
   * its vat ({@link Vat#serve}), which it then closes too.
   */
  public static final class Listener implements AutoCloseable {
    private final Channel channel;
    private final RpcAddress address;
    private volatile Vat owned;

    Listener(Channel channel, RpcAddress address) {
      this.channel = channel;
      this.address = address;
    }

    /** The bound address (with the real port when listening on port 0). */
    public String address() {
      return address.toString();
    }

    void closeWith(Vat vat) {
      this.owned = vat;
    }

    /**
     * Blocks until this listener is closed (by {@link #close()} from another thread, or its vat's
     * closing): what a serving process's {@code main} does once it has set up.
     */
    public void awaitClosed() throws InterruptedException {
      channel.closeFuture().await();
    }

    @Override
    public void close() {
      channel.close().syncUninterruptibly();
      Vat v = owned;
      if (v != null) {
        owned = null;
        v.close();
      }
    }
  }

  @Override
  public void close() {
    closing = true;
    // Close every connection first: an event loop that terminates does not always close the
    // channels registered on it (an accepted unix socket stayed open, its peer never told).
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(2);
    for (Channel ch : List.copyOf(channels)) {
      ch.close();
    }
    for (Channel ch : List.copyOf(channels)) {
      ch.closeFuture()
          .awaitUninterruptibly(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
    }
    group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    closeCallbacks.run();
  }
}
