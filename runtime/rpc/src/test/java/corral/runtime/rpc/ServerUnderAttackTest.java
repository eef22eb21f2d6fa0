package corral.runtime.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.runtime.rpc.protocol.Rpc;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks that stopped a server for every client (issue 10, findings 1–3), each against a real
 * server process with a small heap: the attacker's connections are aborted with a reason naming the
 * limit, and a fresh client's null call is answered while the attack runs.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServerUnderAttackTest {
  private static final long WAIT_SECONDS = 30;

  @TempDir Path dir;

  /** A fresh client connects, calls the null method and gets its answer. */
  static void freshClientsNullCallIsAnswered(Path socket) throws Exception {
    try (Vat vat = new Vat(1, RpcLimits.DEFAULT, _ -> {});
        RpcConnection c = vat.connect("unix:" + socket, null).get(WAIT_SECONDS, TimeUnit.SECONDS);
        Client target = c.bootstrap();
        Response _ =
            target.newCall(TargetServer.IFACE, 0).send().get(WAIT_SECONDS, TimeUnit.SECONDS)) {
      // answered
    }
  }

  /** A segment table announcing {@code words} in one segment, and no body. */
  private static byte[] header(int words) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(0).putInt(words).array();
  }

  @Test
  void connectionsThatSendOnlyAHeaderCostNoBufferAndAreAbortedAfterTheFrameTimeout()
      throws Exception {
    // Each announces 64 MiB (the frame limit): 300 of them reserved 300 MiB before, in a 48 MiB
    // heap.
    try (ServerProcess server = new ServerProcess(dir, "48m", "frameTimeoutMs=4000")) {
      List<RawPeer> attackers = new ArrayList<>();
      try {
        for (int i = 0; i < 300; i++) {
          RawPeer a = new RawPeer(server.socket);
          attackers.add(a);
          a.write(header(8 * 1024 * 1024));
        }
        freshClientsNullCallIsAnswered(server.socket);
        Pattern reason =
            Pattern.compile(
                "peer committed RPC protocol error: bad framing: a frame is unfinished \\d+ ms"
                    + " after its first byte \\(0 of its 67108864 bytes arrived\\), beyond the"
                    + " frame timeout of 4000 ms \\(frameTimeout\\)");
        for (RawPeer a : attackers) {
          String r = a.abortReason();
          assertTrue(r != null && reason.matcher(r).matches(), r);
        }
      } finally {
        for (RawPeer a : attackers) {
          a.close();
        }
      }
      assertTrue(server.isAlive(), server.stderr());
    }
  }

  @Test
  void framesBeyondTheMemoryBudgetAbortTheirConnection() throws Exception {
    try (ServerProcess server = new ServerProcess(dir, "48m", "memoryBudgetBytes=8388608");
        RawPeer attacker = new RawPeer(server.socket)) {
      CompletableFuture<String> reason =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return attacker.abortReason();
                } catch (IOException e) {
                  return e.toString();
                }
              });
      attacker.write(header(8 * 1024 * 1024));
      byte[] chunk = new byte[64 * 1024];
      try {
        for (int i = 0; i < 160 && !reason.isDone(); i++) { // up to 10 MiB
          attacker.write(chunk);
        }
      } catch (IOException closedByTheServer) {
        // the abort closed the connection while we wrote
      }
      String r = reason.get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertTrue(
          Pattern.matches(
              "peer committed RPC protocol error: bad framing: a frame of 67108864 bytes needs"
                  + " \\d+ more bytes of buffer, but all connections together hold \\d+ bytes of"
                  + " the memory budget of 8388608 bytes \\(memoryBudgetBytes\\)",
              r),
          r);
      freshClientsNullCallIsAnswered(server.socket);
    }
  }

  @Test
  void bootstrapsNeverFinishedAbortTheirConnectionAtMaxAnswers() throws Exception {
    // 40,000 unfinished Bootstraps held about 64 MB before: more than the heap.
    try (ServerProcess server = new ServerProcess(dir, "48m");
        RawPeer attacker = new RawPeer(server.socket)) {
      CompletableFuture<String> reason =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return attacker.abortReason();
                } catch (IOException e) {
                  return e.toString();
                }
              });
      try {
        for (int q = 0; q < 40_000 && !reason.isDone(); q++) {
          attacker.write(RawPeer.bootstrap(q));
        }
      } catch (IOException closedByTheServer) {
        // the abort closed the connection while we wrote
      }
      assertEquals(
          "peer committed RPC protocol error: question 10000 would be the peer's answer 10001 not"
              + " finished, beyond the limit maxAnswers = 10000",
          reason.get(WAIT_SECONDS, TimeUnit.SECONDS));
      freshClientsNullCallIsAnswered(server.socket);
    }
  }

  /**
   * A Call whose cap table lists {@code entries} zero-sized structs: about 100 bytes, within the
   * reader's limits, since such a list costs no words.
   */
  static byte[] capTableFlood(int questionId, int entries) {
    byte[] bytes =
        RawPeer.message(
            m -> {
              Rpc.Call.Builder c = m.root.initCall();
              c.setQuestionId(questionId);
              c.initTarget().setImportedCap(0);
              c.initParams().initCapTable(1).get(0).setNone();
            });
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long tag = 1L << 2 | 1L << 32 | 1L << 48; // one element of 1 data word and 1 pointer
    boolean patched = false;
    for (int at = 8; at + 8 <= bytes.length; at += 8) {
      long w = b.getLong(at);
      if ((w & 3) == 1 && ((w >>> 32) & 7) == 7 && (w >>> 35) == 2) {
        b.putLong(at, w & 0xffff_ffffL | 7L << 32); // inline composite list of 0 words
      } else if (w == tag) {
        b.putLong(at, (long) entries << 2); // `entries` elements of 0 words, 0 pointers
        patched = true;
      }
    }
    assertTrue(patched, "the cap table's tag word was not found");
    return bytes;
  }

  @Test
  void aCapTableOfMillionsOfEmptyEntriesAbortsItsConnection() throws Exception {
    try (ServerProcess server = new ServerProcess(dir, "48m");
        RawPeer attacker = new RawPeer(server.socket)) {
      attacker.write(RawPeer.bootstrap(0));
      for (int q = 1; q <= 20; q++) {
        attacker.write(capTableFlood(q, 8_388_544));
      }
      assertEquals(
          "peer committed RPC protocol error: a cap table of 8388544 entries, beyond the limit"
              + " maxCapTableEntries = 4096",
          attacker.abortReason());
      freshClientsNullCallIsAnswered(server.socket);
    }
  }

  @Test
  void theListenerStopsAcceptingAtMaxConnectionsAndResumesWhenOneCloses() throws Exception {
    Path stopped = Files.createTempFile(dir, "stopped", ".txt");
    try (ServerProcess server = new ServerProcess(dir, "48m", "maxConnections=3")) {
      List<RawPeer> held = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        RawPeer p = new RawPeer(server.socket);
        p.write(RawPeer.bootstrap(0));
        assertEquals(Rpc.Message.Which.RETURN, p.read().which()); // accepted and served
        held.add(p);
      }
      CompletableFuture<Void> waiting =
          CompletableFuture.runAsync(
              () -> {
                try {
                  freshClientsNullCallIsAnswered(server.socket);
                } catch (Exception e) {
                  throw new RuntimeException(e);
                }
              });
      // Closing one lets the waiting client in.
      held.removeFirst().close();
      waiting.get(WAIT_SECONDS, TimeUnit.SECONDS);
      for (RawPeer p : held) {
        p.close();
      }
      String log = server.stderr();
      assertTrue(
          log.contains(
              "3 connections open, the limit maxConnections = 3: not accepting more until one"
                  + " closes"),
          log);
      Files.delete(stopped);
    }
  }
}
