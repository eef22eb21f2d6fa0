package corral.runtime.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.runtime.rpc.protocol.Rpc;
import corral.runtime.rpc.test.RpcTest.TestService;
import corral.runtime.testing.LogCapture;
import java.io.ByteArrayOutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.capnproto.MessageReader;
import org.capnproto.Serialize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.event.Level;

/** Random and mutated frames abort only the connection that sent them. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostilePeerTest {

  /** Sends {@code bytes} on a fresh connection and returns everything the vat sends back. */
  static byte[] sendRaw(Path socket, byte[] bytes) throws Exception {
    try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      ch.write(ByteBuffer.wrap(bytes));
      ch.shutdownOutput();
      return Channels.newInputStream(ch).readAllBytes();
    }
  }

  static byte[] frame(long... words) {
    ByteBuffer b = ByteBuffer.allocate(8 + 8 * words.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0).putInt(words.length);
    for (long w : words) {
      b.putLong(w);
    }
    return b.array();
  }

  @Test
  void garbageAbortsThatConnectionAndOthersKeepWorking() throws Exception {
    Path dir = Files.createTempDirectory("corral-rpc");
    Path sock = dir.resolve("hostile.sock");
    try (LogCapture logs = LogCapture.of("corral.runtime.rpc");
        Vat vat = new Vat(1, RpcLimits.DEFAULT, _ -> {});
        Vat.Listener _ =
            vat.listen(
                "unix:" + sock, () -> Client.of(new CppClientJavaServerTest.JavaTestService()));
        RpcConnection good = vat.connect("unix:" + sock, null).get(10, TimeUnit.SECONDS);
        Client service = good.bootstrap()) {
      // A message whose root pointer points far outside its only segment.
      byte[] reply = sendRaw(sock, frame(0x0000_0001_7fff_fff0L));
      MessageReader abort = Serialize.read(ByteBuffer.wrap(reply));
      Rpc.Message.Reader m = abort.getRoot(Rpc.Message.factory);
      assertEquals(Rpc.Message.Which.ABORT, m.which());
      String reason = m.getAbort().getReason().toString();
      assertTrue(reason.startsWith("peer committed RPC protocol error: "), reason);

      // A segment table announcing more segments than allowed.
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      b.write(new byte[] {(byte) 0xff, (byte) 0xff, 0, 0});
      reply = sendRaw(sock, b.toByteArray());
      m = Serialize.read(ByteBuffer.wrap(reply)).getRoot(Rpc.Message.factory);
      assertTrue(m.getAbort().getReason().toString().contains("65536 segments"));

      // Random and bit-flipped frames: each gets at most an Abort, and the vat lives on.
      Random random = new Random(42);
      for (int i = 0; i < 200; i++) {
        long[] words = new long[1 + random.nextInt(6)];
        for (int w = 0; w < words.length; w++) {
          words[w] = random.nextLong();
        }
        sendRaw(sock, frame(words));
      }
      Request r = service.newCall(TestService.TYPE_ID, TestService.METHOD_ADD);
      TestService.AddParams.Builder p = r.initParams(TestService.AddParams.factory);
      p.setA(2);
      p.setB(3);
      try (Response resp = r.send().join()) {
        assertEquals(5, resp.results(TestService.AddResults.factory).getSum());
      }
      // Each hostile connection was logged once, as aborted for what it sent; nothing else.
      String aborted = "aborting connection to client of unix:" + sock + ": peer committed RPC";
      List<String> warnings = logs.messages(Level.WARN);
      assertTrue(warnings.size() >= 2, "warnings: " + warnings);
      for (String w : warnings) {
        assertTrue(w.startsWith(aborted), w);
      }
      assertEquals(warnings.size(), logs.events().size(), "only the aborts: " + logs.events());
    }
  }
}
