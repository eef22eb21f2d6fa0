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
      // 100 MiB of replies asked for in 100 small calls, sent in one write so that they arrive
      // in one read: the vat stops reading a peer whose socket is full, so calls sent later might
      // never be read, and the peer would merely be stalled below the limit
      java.io.ByteArrayOutputStream burst = new java.io.ByteArrayOutputStream();
      burst.writeBytes(message(m -> m.initBootstrap().setQuestionId(0)).array());
      for (int q = 1; q <= 100; q++) {
        int id = q;
        burst.writeBytes(
            message(
                    m -> {
                      Rpc.Call.Builder c = m.initCall();
                      c.setQuestionId(id);
                      c.initTarget().initPromisedAnswer().setQuestionId(0);
                      c.setInterfaceId(TargetServer.IFACE);
                      c.setMethodId((short) 1);
                    })
                .array());
      }
      ByteBuffer all = ByteBuffer.wrap(burst.toByteArray());
      while (all.hasRemaining()) {
        peer.write(all);
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

  /**
   * Both sides' sockets full, of calls one way and of their replies the other: the caller must read
   * on (the replies it awaits), or each side waits for the other to read, forever.
   */
  @Test
  void largeCallsAndRepliesInFlightBothWaysAreAllAnswered() throws Exception {
    Path sock = Files.createTempDirectory("corral-rpc").resolve("both.sock");
    byte[] data = new byte[1 << 20]; // each call and reply far beyond what a socket holds
    Server serial = // one call at a time, each on a virtual thread of its own
        new Server(task -> Thread.ofVirtual().start(task), false) {
          @Override
          protected void dispatch(long interfaceId, short methodId, CallContext context) {
            context.results().setAs(Data.factory, context.params().getAs(Data.factory));
          }
        };
    try (Vat.Listener _ = Vat.serve("unix:" + sock, serial);
        RpcConnection c = Vat.connect("unix:" + sock);
        Client echo = c.bootstrap()) {
      java.util.ArrayDeque<RemotePromise> window = new java.util.ArrayDeque<>();
      for (int i = 0; i < 200; i++) {
        if (window.size() == 8) {
          try (Response r = window.removeFirst().get(20, TimeUnit.SECONDS)) {
            assertEquals(data.length, r.results().getAs(Data.factory).size());
          }
        }
        Request q = echo.newCall(TargetServer.IFACE, 1);
        q.params().setAs(Data.factory, new Data.Reader(data));
        window.addLast(q.send());
      }
      while (!window.isEmpty()) {
        window.removeFirst().get(20, TimeUnit.SECONDS).close();
      }
    }
  }

  /**
   * The caller's side of that rule, deterministically: a peer that reads nothing (so the caller's
   * socket stays full of its calls) answers the caller's bootstrap; the caller, with questions
   * open, must still read that answer. Without the rule it stops reading while its socket is full
   * and its calls wait forever.
   */
  @Test
  void aCallerWhoseSocketIsFullStillReadsTheAnswersItAwaits() throws Exception {
    Path sock = Files.createTempDirectory("corral-rpc").resolve("mute.sock");
    try (java.nio.channels.ServerSocketChannel listener =
        java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
      listener.bind(UnixDomainSocketAddress.of(sock));
      try (RpcConnection c = Vat.connect("unix:" + sock);
          SocketChannel peer = listener.accept();
          Client bootstrap = c.bootstrap()) {
        List<RemotePromise> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) { // 8 MiB: far more than the socket holds; the peer reads none
          Request q = bootstrap.newCall(TargetServer.IFACE, 1);
          q.params().setAs(Data.factory, new Data.Reader(new byte[REPLY]));
          calls.add(q.send());
        }
        Thread.sleep(500); // the calls fill the socket and the caller's outbound buffer
        for (int q = 0; q <= 8; q++) { // the bootstrap question and the eight calls
          int id = q;
          ByteBuffer answer =
              message(
                  m -> {
                    Rpc.Return.Builder r = m.initReturn();
                    r.setAnswerId(id);
                    Rpc.Exception.Builder e = r.initException();
                    e.setReason("no bootstrap here");
                    e.setType(Rpc.Exception.Type.FAILED);
                  });
          while (answer.hasRemaining()) {
            peer.write(answer);
          }
        }
        for (RemotePromise call : calls) {
          RpcException e =
              org.junit.jupiter.api.Assertions.assertThrows(
                  RpcException.class, () -> call.get(10, TimeUnit.SECONDS));
          assertEquals("failed: no bootstrap here", e.getMessage());
        }
      }
    }
  }
}
