package corral.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The baseline of host start-up: the smallest JVM that serves a Netty unix socket. Binds {@code
 * args[0]}, prints "ready", and exits when its standard input closes.
 */
public final class MinimalNettyServer {
  private MinimalNettyServer() {}

  public static void main(String[] args) throws Exception {
    Files.deleteIfExists(Path.of(args[0]));
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    new ServerBootstrap()
        .group(group)
        .channel(EpollServerDomainSocketChannel.class)
        .childHandler(new ChannelInboundHandlerAdapter())
        .bind(new DomainSocketAddress(args[0]))
        .sync();
    System.out.println("ready");
    System.out.flush();
    while (System.in.read() >= 0) {
      // wait for the end of standard input
    }
    group.shutdownGracefully();
    System.exit(0);
  }
}
