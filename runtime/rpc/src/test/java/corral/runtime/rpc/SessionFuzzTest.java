package corral.runtime.rpc;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import corral.runtime.rpc.protocol.Rpc;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.capnproto.Data;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Structure-aware fuzzing of a server process: sessions captured as message sequences (Bootstrap,
 * calls, pipelined calls, Finish, Release, Resolve, Disembargo, unknown kinds) are mutated — a word
 * replaced by a pointer with extreme sizes or offsets, a far pointer to a missing segment, an id
 * near 2³², a bit flip, a segment table that lies, a frame cut short, a message repeated or dropped
 * — and sent on a fresh connection, which then half-closes. Each case must end with the server
 * closing the connection (no hang); every 50 cases and at the end a fresh client's null call must
 * be answered; the process must stay up with its file descriptors back at the baseline.
 *
 * <p>Runs {@code corral.fuzz.seconds} seconds (20 by default) from seed {@code corral.fuzz.seed}
 * (random by default); a summary (cases, frames, frames/s, RSS, descriptors) goes to {@code
 * target/fuzz/summary.txt}. A failing case is written to {@code target/fuzz/} and the test fails
 * naming it; fixed, it joins {@code src/test/resources/fuzz-regressions/}, replayed first.
 */
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class SessionFuzzTest {
  private static final long CASE_SECONDS = 15;

  @TempDir Path dir;

  private static byte[] call(int q, int target, int method, Consumer<Rpc.Payload.Builder> params) {
    return RawPeer.message(
        m -> {
          Rpc.Call.Builder c = m.root.initCall();
          c.setQuestionId(q);
          if (target < 0) {
            c.initTarget().initPromisedAnswer().setQuestionId(0);
          } else {
            c.initTarget().setImportedCap(target);
          }
          c.setInterfaceId(TargetServer.IFACE);
          c.setMethodId((short) method);
          params.accept(c.initParams());
        });
  }

  /** The captured sessions the mutations start from: each a list of framed messages. */
  private static List<List<byte[]>> corpus() {
    List<List<byte[]>> sessions = new ArrayList<>();
    byte[] finish1 =
        RawPeer.message(
            m -> {
              m.root.initFinish().setQuestionId(1);
            });
    sessions.add(List.of(RawPeer.bootstrap(0), call(1, -1, 0, p -> {}), finish1));
    sessions.add(
        List.of(
            RawPeer.bootstrap(0),
            call(1, -1, 1, p -> p.getContent().initAs(Data.factory, 100)),
            call(2, -1, 1, p -> p.getContent().initAs(Data.factory, 3000)),
            finish1));
    sessions.add(
        List.of(
            RawPeer.bootstrap(0),
            RawPeer.message(
                m -> {
                  Rpc.Return.Builder r = m.root.initReturn();
                  r.setAnswerId(0);
                  r.initResults().initCapTable(2).get(0).setSenderHosted(7);
                }),
            call(1, 0, 0, p -> p.initCapTable(3).get(1).setSenderPromise(9)),
            RawPeer.message(
                m -> {
                  Rpc.Resolve.Builder r = m.root.initResolve();
                  r.setPromiseId(9);
                  r.initCap().setSenderHosted(11);
                }),
            RawPeer.message(
                m -> {
                  Rpc.Release.Builder r = m.root.initRelease();
                  r.setId(0);
                  r.setReferenceCount(1);
                })));
    sessions.add(
        List.of(
            RawPeer.bootstrap(0),
            RawPeer.message(
                m -> {
                  Rpc.Disembargo.Builder d = m.root.initDisembargo();
                  d.initTarget().initPromisedAnswer().setQuestionId(0);
                  d.getContext().setSenderLoopback(1);
                }),
            RawPeer.message(m -> m.root.initAbort().setReason("bye"))));
    return sessions;
  }

  /** A word an attacker would choose. */
  private static long hostileWord(Random r) {
    int offset = r.nextInt(64) - 32;
    return switch (r.nextInt(8)) {
      case 0 -> ((long) offset << 2) | ((long) r.nextInt(0x10000) << 32) | (0xffffL << 48);
      case 1 -> ((long) offset << 2) | (0xffffL << 32) | ((long) r.nextInt(4) << 48);
      case 2 -> ((long) offset << 2) | 1 | ((long) r.nextInt(8) << 32) | (0x1fff_ffffL << 35);
      case 3 -> 2L | ((long) r.nextInt(1 << 29) << 3) | ((long) r.nextInt(8) << 32);
      case 4 -> 0xffff_ffffL << (r.nextBoolean() ? 0 : 32);
      case 5 -> 3L | ((long) r.nextInt() << 32);
      case 6 -> r.nextLong();
      default -> 0;
    };
  }

  private static byte[] mutate(byte[] frame, Random r) {
    byte[] f = frame.clone();
    ByteBuffer b = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
    int words = f.length / 8;
    if (f.length < 16 || f.length % 8 != 0) {
      return f; // already cut short: nothing left to mutate
    }
    switch (r.nextInt(6)) {
      case 0, 1 -> b.putLong(8 * (1 + r.nextInt(words - 1)), hostileWord(r));
      case 2 -> f[8 + r.nextInt(f.length - 8)] ^= (byte) (1 << r.nextInt(8));
      case 3 -> b.putInt(4 + 4 * r.nextInt(2), r.nextInt(1 << 23)); // the table lies
      case 4 -> {
        return java.util.Arrays.copyOf(f, 8 + r.nextInt(f.length - 8)); // cut short
      }
      default -> b.putInt(8 + 8 * r.nextInt(words - 1), -1 - r.nextInt(16)); // ids near 2^32
    }
    return f;
  }

  /** A mutated copy of a session: its bytes, and how many frames they hold. */
  private record Session(byte[] bytes, int frames) {}

  private static Session session(List<byte[]> messages, Random r) throws IOException {
    List<byte[]> s = new ArrayList<>(messages);
    int edits = 1 + r.nextInt(3);
    for (int i = 0; i < edits; i++) {
      int at = r.nextInt(s.size());
      switch (r.nextInt(5)) {
        case 0 -> s.add(at, s.get(r.nextInt(s.size()))); // repeated: double Finish, reused ids
        case 1 -> {
          if (s.size() > 1) {
            s.remove(at);
          }
        }
        default -> s.set(at, mutate(s.get(at), r));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] m : s) {
      out.write(m);
    }
    return new Session(out.toByteArray(), s.size());
  }

  /** Sends one session, half-closes and reads until the server closes; false if it never does. */
  private static boolean play(Path socket, byte[] session) throws Exception {
    try (RawPeer p = new RawPeer(socket)) {
      CompletableFuture<Void> drained =
          CompletableFuture.runAsync(
              () -> {
                try (InputStream in = Channels.newInputStream(p.channel)) {
                  in.transferTo(java.io.OutputStream.nullOutputStream());
                } catch (IOException closed) {
                  // reset by the server: ended all the same
                }
              });
      try {
        p.write(session);
        p.channel.shutdownOutput();
      } catch (IOException closedByTheServer) {
        // aborted while we wrote
      }
      try {
        drained.get(CASE_SECONDS, TimeUnit.SECONDS);
        return true;
      } catch (TimeoutException e) {
        return false;
      }
    }
  }

  @Test
  void mutatedSessionsNeverStopTheServerForOthers() throws Exception {
    long seconds = Long.getLong("corral.fuzz.seconds", 20);
    long seed = Long.getLong("corral.fuzz.seed", new Random().nextLong());
    Path out = Path.of("target", "fuzz");
    Files.createDirectories(out);
    List<List<byte[]>> corpus = corpus();
    int sent = 0;
    int cases = 0;
    try (ServerProcess server = new ServerProcess(dir, "64m", "frameTimeoutMs=2000")) {
      ServerUnderAttackTest.freshClientsNullCallIsAnswered(server.socket);
      long rssStart = server.rssKib();
      int fdStart = server.fileDescriptors();
      Path regressions = Path.of("src", "test", "resources", "fuzz-regressions");
      try (Stream<Path> files = Files.list(regressions)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".bin")).sorted().toList()) {
          assertTrue(play(server.socket, Files.readAllBytes(f)), "regression case " + f + " hangs");
          ServerUnderAttackTest.freshClientsNullCallIsAnswered(server.socket);
        }
      }
      Random r = new Random(seed);
      long start = System.nanoTime();
      long end = start + TimeUnit.SECONDS.toNanos(seconds);
      long rssMax = rssStart;
      while (System.nanoTime() < end) {
        Session mutated = session(corpus.get(r.nextInt(corpus.size())), r);
        byte[] session = mutated.bytes();
        cases++;
        sent += mutated.frames();
        boolean ended = play(server.socket, session);
        boolean alive = server.isAlive();
        if (!ended || !alive) {
          Path kept = out.resolve("case-" + seed + "-" + cases + ".bin");
          Files.write(kept, session);
          fail(
              (alive ? "the server never closed the connection" : "the server died")
                  + " after case "
                  + cases
                  + " of seed "
                  + seed
                  + ", kept as "
                  + kept
                  + "; its stderr: "
                  + server.stderr());
        }
        if (cases % 50 == 0) {
          ServerUnderAttackTest.freshClientsNullCallIsAnswered(server.socket);
          rssMax = Math.max(rssMax, server.rssKib());
        }
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      ServerUnderAttackTest.freshClientsNullCallIsAnswered(server.socket);
      long rssEnd = server.rssKib();
      int fdEnd = server.fileDescriptors();
      Files.writeString(
          out.resolve("summary.txt"),
          String.format(
              "seed %d: %d cases, %d frames in %.1f s (%.0f frames/s, %.0f cases/s); no"
                  + " crash, no hang; RSS %d KiB at start, %d KiB at most, %d KiB at the end;"
                  + " descriptors %d at start, %d at the end%n",
              seed,
              cases,
              sent,
              elapsed,
              sent / elapsed,
              cases / elapsed,
              rssStart,
              rssMax,
              rssEnd,
              fdStart,
              fdEnd));
      assertTrue(
          fdEnd <= fdStart + 2,
          "file descriptors grew from " + fdStart + " to " + fdEnd + " (seed " + seed + ")");
    }
  }
}
