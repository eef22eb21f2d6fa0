package corral.runtime.rpc.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;

/**
 * Unix domain sockets ({@code unix:/path.sock}) and TCP ({@code tcp://host:port}) through Netty's
 * native epoll transport (Linux). Event loop groups given to it must be epoll groups (see {@link
 * #newEventLoopGroup}). Binding a Unix socket removes a stale socket file at the path first.
 */
public final class EpollTransport implements Transport {

  /** An event loop group this transport's channels can be registered with. */
  public static EventLoopGroup newEventLoopGroup(int threads) {
    return new MultiThreadIoEventLoopGroup(threads, EpollIoHandler.newFactory());
  }

  @Override
  public ChannelFuture connect(EventLoopGroup group, RpcAddress address, ChannelHandler handler) {
    // Half-closure allowed: a peer that shuts down its output still gets the replies to what it
    // sent (the connection closes once they are written).
    Bootstrap b =
        new Bootstrap()
            .group(group)
            .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
            .handler(initializer(handler, false));
    return switch (address) {
      case RpcAddress.Unix u ->
          b.channel(EpollDomainSocketChannel.class)
              .connect(new DomainSocketAddress(u.path().toString()));
      case RpcAddress.Tcp t ->
          b.channel(EpollSocketChannel.class)
              .option(ChannelOption.TCP_NODELAY, true)
              .connect(new InetSocketAddress(t.host(), t.port()));
    };
  }

  @Override
  public ChannelFuture bind(
      EventLoopGroup boss, EventLoopGroup workers, RpcAddress address, ChannelHandler child) {
    ServerBootstrap b = new ServerBootstrap().group(boss, workers);
    b.childHandler(initializer(child, true)).childOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    return switch (address) {
      case RpcAddress.Unix u -> {
        try {
          Files.deleteIfExists(u.path());
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException("cannot remove stale socket " + u.path(), e);
        }
        yield b.channel(EpollServerDomainSocketChannel.class)
            .bind(new DomainSocketAddress(u.path().toString()));
      }
      case RpcAddress.Tcp t ->
          b.channel(EpollServerSocketChannel.class)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .bind(new InetSocketAddress(t.host(), t.port()));
    };
  }

  private ChannelInitializer<Channel> initializer(ChannelHandler handler, boolean server) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        EpollTransport.this.initChannel(ch, server);
        ch.pipeline().addLast(handler);
      }
    };
  }
}
