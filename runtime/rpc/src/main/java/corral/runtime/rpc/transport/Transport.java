package corral.runtime.rpc.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;

/**
 * How bytes reach a peer: makes client channels and server channels for the addresses it supports.
 * The RPC engine sees only a channel carrying {@link Frame}s; a transport may add handlers below
 * the framing (a TLS transport adds an {@code SslHandler} in {@link #initChannel}), so new
 * transports plug in without touching the engine.
 *
 * <p>Implementations are stateless and thread-safe.
 */
public interface Transport {

  /**
   * Connects to {@code address}; {@code handler} is added to the new channel's pipeline after
   * {@link #initChannel}.
   */
  ChannelFuture connect(EventLoopGroup group, RpcAddress address, ChannelHandler handler);

  /**
   * Listens on {@code address}; each accepted channel gets {@link #initChannel} and then {@code
   * childHandler}. The returned future completes with the server channel.
   */
  ChannelFuture bind(
      EventLoopGroup boss, EventLoopGroup workers, RpcAddress address, ChannelHandler childHandler);

  /** Adds this transport's handlers below the framing to a new channel (nothing by default). */
  default void initChannel(Channel channel, boolean server) {}
}
