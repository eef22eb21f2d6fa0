package corral.runtime.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.runtime.rpc.protocol.Rpc;
import corral.runtime.testing.LogCapture;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.capnproto.Data;
import org.capnproto.MessageBuilder;
import org.capnproto.Serialize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.event.Level;

/**
 * A peer over a real unix socket that sends calls and never reads their replies cannot make the vat
 * queue without bound: past {@code maxOutboundBytes} its connection is aborted, naming the limit,
 * and the vat serves others on.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UnreadRepliesTest {
  static final int REPLY = 1 << 20;
  static final long LIMIT = 4L << 20;

  /** Answers every call with {@link #REPLY} bytes: a tiny call, a large reply. */
  static final class Amplifier extends Server {
    Amplifier() {
      super(true);
    }

    @Override
    protected void dispatch(long interfaceId, short methodId, CallContext context) {
      context.results().setAs(Data.factory, new Data.Reader(new byte[REPLY]));
    }
  }

  static ByteBuffer message(java.util.function.Consumer<Rpc.Message.Builder> fill)
      throws Exception {
    MessageBuilder m = new MessageBuilder();
    fill.accept(m.initRoot(Rpc.Message.factory));
    var out = new java.io.ByteArrayOutputStream();
    Serialize.write(java.nio.channels.Channels.newChannel(out), m);
    return ByteBuffer.wrap(out.toByteArray());
  }

  @Test
  void aPeerThatNeverReadsItsRepliesIsCutOffAtTheOutboundLimit() throws Exception {
    Path sock = Files.createTempDirectory("corral-rpc").resolve("unread.sock");
    try (LogCapture logs = LogCapture.of("corral.runtime.rpc");
        // results held for pipelining have their own limit: raised here, so that only what
        // waits in the socket's outbound buffer counts
        Vat vat =
            new Vat(
                1,
                RpcLimits.DEFAULT.withMaxOutboundBytes(LIMIT).withMaxHeldResultBytes(1L << 30),
                _ -> {});
        Vat.Listener _ = vat.listen("unix:" + sock, () -> Client.of(new Amplifier()));
        SocketChannel peer = SocketChannel.open(UnixDomainSocketAddress.of(sock))) {
      peer.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
      peer.write(message(m -> m.initBootstrap().setQuestionId(0)));
      for (int q = 1; q <= 100; q++) { // 100 MiB of replies asked for in 100 small calls
        int id = q;
        peer.write(
            message(
                m -> {
                  Rpc.Call.Builder c = m.initCall();
                  c.setQuestionId(id);
                  c.initTarget().initPromisedAnswer().setQuestionId(0);
                  c.setInterfaceId(TargetServer.IFACE);
                  c.setMethodId((short) 1);
                }));
      }
      String reason = "beyond the limit maxOutboundBytes = " + LIMIT;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (logs.messages(Level.WARN).stream().noneMatch(w -> w.contains(reason))
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      List<String> warnings = logs.messages(Level.WARN);
      assertEquals(1, warnings.size(), warnings.toString());
      assertTrue(warnings.get(0).contains(reason), warnings.get(0));
      assertTrue(warnings.get(0).contains("bytes of replies unread"), warnings.get(0));

      // the vat serves a peer that reads
      try (RpcConnection good = vat.connect("unix:" + sock, null).get(10, TimeUnit.SECONDS);
          Client amplifier = good.bootstrap();
          Response r = amplifier.newCall(TargetServer.IFACE, 1).send().get(10, TimeUnit.SECONDS)) {
        assertEquals(REPLY, r.results().getAs(Data.factory).size());
      }
    }
  }
}
