package corral.runtime.rpc;

import corral.runtime.rpc.transport.EpollTransport;
import corral.runtime.rpc.transport.FrameDecoder;
import corral.runtime.rpc.transport.FrameEncoder;
import corral.runtime.rpc.transport.RpcAddress;
import corral.runtime.rpc.transport.Transport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A vat: the event loops that carry its connections, and the way it listens and connects. Each
 * connection is bound to one event loop for its life.
 *
 * <p>Owns its event loop group; {@link #close()} closes every connection and listener made by it.
 */
public final class Vat implements AutoCloseable {
  private final Transport transport;
  private final EventLoopGroup group;
  private final RpcLimits limits;

  /** A vat on the epoll transport (unix and tcp) with {@code threads} event loops. */
  public Vat(int threads) {
    this(new EpollTransport(), EpollTransport.newEventLoopGroup(threads), RpcLimits.DEFAULT);
  }

  /** A vat on {@code transport}, whose channels {@code group} must be able to carry. */
  public Vat(Transport transport, EventLoopGroup group, RpcLimits limits) {
    this.transport = transport;
    this.group = group;
    this.limits = limits;
  }

  /**
   * Connects to a vat at {@code address} ({@code unix:/path} or {@code tcp://host:port}), offering
   * {@code bootstrap} (may be null) to it in turn.
   */
  public CompletableFuture<RpcConnection> connect(String address, Client bootstrap) {
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
    return result;
  }

  private RpcConnection install(Channel ch, Client bootstrap, String peer) {
    RpcConnection c = new RpcConnection(ch, bootstrap, limits, peer);
    ch.pipeline()
        .addLast(new FrameDecoder(limits.frames()))
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
                try (Client b = bootstrap.get()) {
                  install(ch, b, "client of " + address);
                }
              }
            });
    f.syncUninterruptibly();
    Channel server = f.channel();
    RpcAddress bound =
        switch (a) {
          case RpcAddress.Tcp t ->
              new RpcAddress.Tcp(t.host(), ((InetSocketAddress) server.localAddress()).getPort());
          default -> a;
        };
    return new Listener(server, bound);
  }

  /** A listening socket. Closing it stops accepting; open connections stay. */
  public static final class Listener implements AutoCloseable {
    private final Channel channel;
    private final RpcAddress address;

    Listener(Channel channel, RpcAddress address) {
      this.channel = channel;
      this.address = address;
    }

    /** The bound address (with the real port when listening on port 0). */
    public String address() {
      return address.toString();
    }

    @Override
    public void close() {
      channel.close().syncUninterruptibly();
    }
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }
}
