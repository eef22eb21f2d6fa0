package corral.naming.journal;

import corral.naming.NameEvent;
import corral.naming.NamePath;
import corral.naming.Node;
import corral.naming.tree.EventHistory;
import corral.naming.tree.NameTree;
import corral.naming.tree.NodeCodec;
import corral.runtime.rpc.RpcException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opening a journal directory: the newest snapshot, the journal records after it, the torn tail of
 * the last journal cut off. Also the file names and the clean-up after a snapshot.
 */
record Recovery(
    NameTree tree,
    EventHistory history,
    FileChannel journal,
    Path journalFile,
    long eventsInJournal,
    JournalNameStore.Recovered report) {
  private static final Logger log = LoggerFactory.getLogger(Recovery.class);
  private static final int SNAPSHOT_MAGIC = 0x434e5331;

  static String journalName(long afterRevision) {
    return String.format("journal-%020d.log", afterRevision);
  }

  static String snapshotName(long revision) {
    return String.format("snapshot-%020d.snap", revision);
  }

  private static long revisionOf(Path file, String prefix, String suffix) {
    String name = file.getFileName().toString();
    if (!name.startsWith(prefix) || !name.endsWith(suffix)) {
      return -1;
    }
    try {
      return Long.parseLong(name.substring(prefix.length(), name.length() - suffix.length()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static TreeMap<Long, Path> files(Path dir, String prefix, String suffix)
      throws IOException {
    TreeMap<Long, Path> out = new TreeMap<>();
    try (Stream<Path> all = Files.list(dir)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        long r = revisionOf(p, prefix, suffix);
        if (r >= 0) {
          out.put(r, p);
        }
      }
    }
    return out;
  }

  static Recovery run(Path dir, int historyCapacity) throws IOException {
    try (Stream<Path> all = Files.list(dir)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        if (p.getFileName().toString().endsWith(".snap.tmp")) {
          Files.delete(p); // a snapshot whose writing a crash cut short
        }
      }
    }
    TreeMap<Long, Path> snapshots = files(dir, "snapshot-", ".snap");
    TreeMap<Long, Path> journals = files(dir, "journal-", ".log");
    NameTree tree = new NameTree();
    long start = 0;
    if (!snapshots.isEmpty()) {
      Map.Entry<Long, Path> newest = snapshots.lastEntry();
      start = newest.getKey();
      Path file = newest.getValue();
      long expected = Files.size(file) / 72; // a node takes about 72 bytes: sizing, not a limit
      long at = start;
      try {
        tree.load((int) Math.min(expected, 1 << 26), start, sink -> pipelined(file, at, sink));
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    }
    long base = start;
    EventHistory history = new EventHistory(historyCapacity, base, tree::snapshot);
    NodeCodec.Reader reader = new NodeCodec.Reader();
    long[] revision = {start};
    long events = 0;
    long replayed = 0;
    long cut = 0;
    String tailProblem = null;
    Path last = null;
    List<Map.Entry<Long, Path>> ordered = new ArrayList<>(journals.entrySet());
    for (int i = 0; i < ordered.size(); i++) {
      Path file = ordered.get(i).getValue();
      boolean isLast = i == ordered.size() - 1;
      if (!isLast && ordered.get(i + 1).getKey() <= start) {
        continue; // wholly before the snapshot; deleted after it, unless a crash came first
      }
      List<NameEvent> batch = new ArrayList<>();
      long[] count = {0};
      long[] replayedBefore = {0};
      RecordFile.Scan scan =
          RecordFile.scan(
              file,
              (payload, offset) -> {
                NameEvent e;
                try {
                  e = reader.readEvent(payload);
                } catch (IllegalArgumentException bad) {
                  throw corrupt(file, offset, "record is not an event: " + bad.getMessage());
                }
                count[0]++;
                if (e.revision() <= revision[0]) {
                  return; // already in the snapshot
                }
                if (e.revision() != revision[0] + 1) {
                  throw corrupt(
                      file,
                      offset,
                      "revision " + e.revision() + " follows revision " + revision[0]);
                }
                revision[0] = e.revision();
                batch.add(e);
                if (batch.size() >= 4096) {
                  replayedBefore[0] += batch.size();
                  applyBatch(tree, history, batch);
                }
              });
      replayed += batch.size() + replayedBefore[0];
      applyBatch(tree, history, batch);
      if (!scan.complete()) {
        if (!isLast) {
          throw corrupt(file, scan.end(), scan.problem() + " (not the last journal)");
        }
        log.warn(
            "name journal {}: cut a torn tail of {} bytes at offset {} ({}); it held no"
                + " acknowledged change",
            file,
            scan.size() - scan.end(),
            scan.end(),
            scan.problem());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
          ch.truncate(scan.end());
          ch.force(true);
        }
        cut = scan.size() - scan.end();
        tailProblem = scan.problem();
      }
      events = count[0];
      last = file;
    }
    if (last == null) {
      last = dir.resolve(journalName(revision[0]));
      Files.createFile(last);
      syncDirectory(dir);
      events = 0;
    }
    FileChannel journal =
        FileChannel.open(last, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    return new Recovery(
        tree,
        history,
        journal,
        last,
        events,
        new JournalNameStore.Recovered(start, replayed, cut, Optional.ofNullable(tailProblem)));
  }

  private static void applyBatch(NameTree tree, EventHistory history, List<NameEvent> batch) {
    if (!batch.isEmpty()) {
      List<NameEvent> copy = List.copyOf(batch);
      tree.applyAll(copy, () -> history.append(copy));
      batch.clear();
    }
  }

  private static final int BATCH = 4096;
  private static final Object END = new Object();

  /**
   * Reads a snapshot into {@code sink} as {@link #readSnapshot}, decoding on a thread of its own
   * while this one puts the nodes into the tree: the two halves of the work take about as long
   * each, and a restart has the machine's cores to itself.
   */
  private static void pipelined(Path file, long revision, BiConsumer<NamePath, Node> sink) {
    BlockingQueue<Object> queue = new ArrayBlockingQueue<>(16);
    Thread decoder =
        Thread.ofPlatform()
            .name("name-journal-snapshot")
            .start(
                () -> {
                  Object last = END;
                  try {
                    Object[][] batch = {new Object[2 * BATCH]};
                    int[] n = {0};
                    readSnapshot(
                        file,
                        revision,
                        (path, node) -> {
                          batch[0][n[0]++] = path;
                          batch[0][n[0]++] = node;
                          if (n[0] == batch[0].length) {
                            put(queue, batch[0]);
                            batch[0] = new Object[2 * BATCH];
                            n[0] = 0;
                          }
                        });
                    put(queue, java.util.Arrays.copyOf(batch[0], n[0]));
                  } catch (RuntimeException e) {
                    last = e;
                  }
                  put(queue, last);
                });
    try {
      while (true) {
        Object o = queue.take();
        if (o == END) {
          return;
        }
        if (o instanceof RuntimeException e) {
          throw e;
        }
        Object[] batch = (Object[]) o;
        for (int i = 0; i < batch.length; i += 2) {
          sink.accept((NamePath) batch[i], (Node) batch[i + 1]);
        }
      }
    } catch (InterruptedException e) {
      decoder.interrupt();
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new java.io.InterruptedIOException("recovery interrupted"));
    }
  }

  private static void put(BlockingQueue<Object> queue, Object o) {
    try {
      queue.put(o);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new java.io.InterruptedIOException("recovery interrupted"));
    }
  }

  /** Reads a snapshot into {@code sink}; throws failed (corrupt) after a bad or missing part. */
  private static void readSnapshot(Path file, long revision, BiConsumer<NamePath, Node> sink) {
    NodeCodec.Reader reader = new NodeCodec.Reader();
    long[] nodes = {0};
    long[] header = {-1, -1};
    boolean[] trailer = {false};
    RecordFile.Scan scan;
    try {
      scan =
          RecordFile.scan(
              file,
              (payload, offset) -> {
                try {
                  if (header[0] < 0) {
                    if (payload.getInt() != SNAPSHOT_MAGIC) {
                      throw corrupt(file, offset, "no snapshot header");
                    }
                    header[0] = payload.getLong();
                    header[1] = payload.getLong();
                    return;
                  }
                  if (trailer[0]) {
                    throw corrupt(file, offset, "a record after the trailer");
                  }
                  if (payload.remaining() == 12
                      && payload.getInt(payload.position()) == ~SNAPSHOT_MAGIC) {
                    trailer[0] = true;
                    return;
                  }
                  NamePath path = NamePath.parse(NodeCodec.Reader.readString(payload));
                  sink.accept(path, reader.readNode(payload));
                  nodes[0]++;
                } catch (IllegalArgumentException bad) {
                  throw corrupt(file, offset, "record is not a node: " + bad.getMessage());
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!scan.complete()) {
      throw corrupt(file, scan.end(), scan.problem());
    }
    if (!trailer[0] || header[0] != revision || header[1] != nodes[0]) {
      throw corrupt(
          file,
          scan.end(),
          "snapshot is incomplete: "
              + nodes[0]
              + " nodes of "
              + header[1]
              + (trailer[0] ? "" : ", no trailer"));
    }
  }

  private static RpcException corrupt(Path file, long offset, String why) {
    return RpcException.failed(
        "name journal " + file + " is corrupt at offset " + offset + ": " + why);
  }

  /** Makes a file's creation, rename or deletion in {@code dir} durable. */
  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  /** After a snapshot at {@code revision}: deletes older snapshots and the journals it covers. */
  static void deleteBefore(Path dir, long revision) throws IOException {
    for (Map.Entry<Long, Path> e : files(dir, "snapshot-", ".snap").entrySet()) {
      if (e.getKey() < revision) {
        Files.delete(e.getValue());
      }
    }
    for (Map.Entry<Long, Path> e : files(dir, "journal-", ".log").entrySet()) {
      if (e.getKey() < revision) {
        Files.delete(e.getValue());
      }
    }
    syncDirectory(dir);
  }
}
