package corral.naming.journal;

import corral.naming.Done;
import corral.naming.Entry;
import corral.naming.Listing;
import corral.naming.Lookup;
import corral.naming.NameEvent;
import corral.naming.NamePath;
import corral.naming.NameStore;
import corral.naming.Node;
import corral.naming.Outcome;
import corral.naming.WatchStart;
import corral.naming.tree.EventHistory;
import corral.naming.tree.NameChange;
import corral.naming.tree.NameRules;
import corral.naming.tree.NameTree;
import corral.naming.tree.NodeCodec;
import corral.naming.tree.OverlayTree;
import corral.naming.tree.Plan;
import corral.runtime.rpc.RpcException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded name store: the namespace in memory, made durable by a journal of its events in a
 * directory (the kernel's state directory).
 *
 * <pre>
 *  callers ──▶ queue ──▶ committer thread: plan each change (an overlay sees the batch so far)
 *                            │ append the batch's events to journal-R.log, one write, one fsync
 *                            ▼
 *                        tree + history (readers and watchers see the batch)  ──▶ callers: Done
 *                            │ every snapshotEvery events: roll to a new journal file, and
 *                            ▼
 *                        snapshot thread: snapshot-R.snap (temp file, fsync, rename), then
 *                                         delete the journals and snapshot it replaces
 * </pre>
 *
 * <p><b>Files.</b> {@code journal-R.log} holds the events from revision R+1 on, each a record
 * (length, CRC32C, payload: see {@link RecordFile}); {@code snapshot-R.snap} holds every node at
 * revision R, between a header and a trailer record; {@code lock} is held while the store is open,
 * so a second process cannot open the same directory.
 *
 * <p><b>Durability.</b> A change is acknowledged ({@link Done}) only after its record is on disk
 * ({@code force}); changes submitted while a flush is in progress share the next one (group
 * commit). Readers and watchers see a change only once it is durable.
 *
 * <p><b>Recovery</b> ({@link #open}): the newest complete snapshot, then every journal record after
 * it, in order; the last journal's tail that is not a whole, checksummed record (a write cut by a
 * crash) is cut off with a warning. A bad record anywhere else, a gap in revisions, or a snapshot
 * without its trailer is corruption: the store refuses to open and says where.
 */
public final class JournalNameStore implements NameStore {
  private static final Logger log = LoggerFactory.getLogger(JournalNameStore.class);
  private static final int MAX_BATCH = 4096;
  private static final int SNAPSHOT_MAGIC = 0x434e5331; // "CNS1"

  /**
   * How the store runs: a snapshot after every {@code snapshotEvery} events; {@code
   * historyCapacity} events kept in memory for watchers to resume from; threads from {@code
   * threads} (the committer and the snapshot writer).
   */
  public record Options(int snapshotEvery, int historyCapacity, ThreadFactory threads) {
    public static Options defaults() {
      return new Options(100_000, 65_536, Thread.ofPlatform().name("naming-journal-", 0).factory());
    }

    public Options withSnapshotEvery(int n) {
      return new Options(n, historyCapacity, threads);
    }

    public Options withHistoryCapacity(int n) {
      return new Options(snapshotEvery, n, threads);
    }
  }

  /**
   * What {@link #open} found: the revision of the snapshot it started from (0 for none), how many
   * journal events it applied after it, and the bytes of a torn tail it cut off with why they were
   * not a record.
   */
  public record Recovered(
      long snapshotRevision,
      long eventsReplayed,
      long tailBytesCut,
      Optional<String> tailProblem) {}

  private record Pending(NameChange change, CompletableFuture<Outcome> result) {}

  private record Stored(Pending pending, long revision) {}

  private static final Pending STOP = new Pending(null, null);

  private final Path dir;
  private final Options options;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final NameTree tree;
  private final EventHistory history;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread committer;
  private final Object snapshotLock = new Object();
  private final Recovered recovered;
  private volatile RpcException broken;
  private volatile boolean closed;
  // Confined to the committer thread after open:
  private FileChannel journal;
  private Path journalFile;
  private long eventsInJournal;
  private Thread snapshotter;

  private JournalNameStore(
      Path dir,
      Options options,
      FileChannel lockChannel,
      FileLock lock,
      NameTree tree,
      EventHistory history,
      FileChannel journal,
      Path journalFile,
      long eventsInJournal,
      Recovered recovered) {
    this.recovered = recovered;
    this.dir = dir;
    this.options = options;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.tree = tree;
    this.history = history;
    this.journal = journal;
    this.journalFile = journalFile;
    this.eventsInJournal = eventsInJournal;
    this.committer = options.threads().newThread(this::commitLoop);
    committer.start();
  }

  /**
   * Opens the store in {@code dir} (made if missing), recovering what it holds.
   *
   * @throws RpcException failed, naming the file and offset, if the directory is in use by another
   *     store, cannot be read or written, or holds a corrupt journal or snapshot
   */
  public static JournalNameStore open(Path dir, Options options) {
    FileChannel lockChannel = null;
    try {
      Files.createDirectories(dir);
      lockChannel =
          FileChannel.open(
              dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = lockChannel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw RpcException.failed("name journal " + dir + " is in use by another store");
      }
      Recovery r = Recovery.run(dir, options.historyCapacity());
      return new JournalNameStore(
          dir,
          options,
          lockChannel,
          lock,
          r.tree(),
          r.history(),
          r.journal(),
          r.journalFile(),
          r.eventsInJournal(),
          r.report());
    } catch (IOException e) {
      closeQuietly(lockChannel);
      throw new RpcException(
          RpcException.Kind.FAILED, "name journal " + dir + ": cannot open: " + e, e);
    } catch (RuntimeException e) {
      closeQuietly(lockChannel);
      throw e;
    }
  }

  /** What opening this store recovered. */
  public Recovered recovered() {
    return recovered;
  }

  /** The directory this store keeps its files in. */
  public Path directory() {
    return dir;
  }

  @Override
  public long revision() {
    return tree.revision();
  }

  @Override
  public Lookup lookup(NamePath name) {
    checkOpen();
    return tree.lookup(name);
  }

  @Override
  public Listing list(NamePath name) {
    checkOpen();
    return tree.list(name);
  }

  @Override
  public Outcome bind(NamePath name, Entry entry) {
    return submit(new NameChange.Bind(name, entry, false));
  }

  @Override
  public Outcome rebind(NamePath name, Entry entry) {
    return submit(new NameChange.Bind(name, entry, true));
  }

  @Override
  public Outcome unbind(NamePath name) {
    if (name.isRoot()) {
      throw new IllegalArgumentException("the root / cannot be unbound");
    }
    return submit(new NameChange.Unbind(name));
  }

  @Override
  public Outcome alias(NamePath name, NamePath target) {
    return submit(new NameChange.MakeAlias(name, target));
  }

  @Override
  public WatchStart watch(NamePath prefix, long afterRevision) {
    checkOpen();
    return history.watch(prefix, afterRevision);
  }

  private void checkOpen() {
    if (closed) {
      throw RpcException.disconnected("name store " + dir + " is closed");
    }
    if (broken != null) {
      throw broken;
    }
  }

  private Outcome submit(NameChange change) {
    checkOpen();
    Pending p = new Pending(change, new CompletableFuture<>());
    queue.add(p);
    try {
      return p.result().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw RpcException.failed(
          "interrupted while storing " + change.name() + " (it may or may not be stored)");
    } catch (ExecutionException e) {
      throw RpcException.from(e.getCause());
    }
  }

  private void commitLoop() {
    List<Pending> batch = new ArrayList<>();
    NodeCodec.Writer records = new NodeCodec.Writer();
    NodeCodec.Writer payload = new NodeCodec.Writer();
    while (true) {
      batch.clear();
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        continue;
      }
      queue.drainTo(batch, MAX_BATCH);
      boolean stop = batch.remove(STOP);
      if (!batch.isEmpty()) {
        if (broken != null || closed) {
          RpcException why =
              broken != null
                  ? broken
                  : RpcException.disconnected("name store " + dir + " is closed");
          batch.forEach(p -> p.result().completeExceptionally(why));
        } else {
          commit(batch, records, payload);
        }
      }
      if (stop) {
        return;
      }
    }
  }

  private void commit(List<Pending> batch, NodeCodec.Writer records, NodeCodec.Writer payload) {
    OverlayTree overlay = new OverlayTree(tree);
    List<NameEvent> events = new ArrayList<>();
    List<Stored> stored = new ArrayList<>();
    long next = tree.revision() + 1;
    records.reset();
    for (Pending p : batch) {
      Plan plan;
      try {
        plan = NameRules.plan(overlay, p.change());
      } catch (RuntimeException e) {
        p.result().completeExceptionally(e);
        continue;
      }
      switch (plan) {
        case Plan.Refused r -> p.result().complete(r.outcome());
        case Plan.Unchanged u -> stored.add(new Stored(p, next - 1));
        case Plan.Change c -> {
          NameEvent event = c.at(next++);
          payload.reset();
          try {
            NodeCodec.writeEvent(payload, event);
          } catch (IllegalArgumentException tooLong) {
            p.result().completeExceptionally(tooLong);
            next--;
            continue;
          }
          RecordFile.frame(records, payload.view());
          NameRules.apply(overlay, event);
          events.add(event);
          stored.add(new Stored(p, event.revision()));
        }
      }
    }
    if (!events.isEmpty()) {
      try {
        ByteBuffer bytes = records.view();
        while (bytes.hasRemaining()) {
          journal.write(bytes);
        }
        journal.force(false);
      } catch (IOException e) {
        broken =
            new RpcException(
                RpcException.Kind.FAILED,
                "name journal " + journalFile + ": write failed: " + e,
                e);
        log.error("{}; the store refuses changes until it is reopened", broken.reason());
        stored.forEach(st -> st.pending().result().completeExceptionally(broken));
        return;
      }
      tree.applyAll(events, () -> history.append(events));
      eventsInJournal += events.size();
    }
    for (Stored st : stored) {
      st.pending().result().complete(new Done(st.pending().change().name(), st.revision()));
    }
    if (eventsInJournal >= options.snapshotEvery()) {
      startSnapshot();
    }
  }

  /** Rolls to a new journal file and writes a snapshot of the tree at the roll's revision. */
  private void startSnapshot() {
    synchronized (snapshotLock) {
      if (snapshotter != null && snapshotter.isAlive()) {
        return;
      }
    }
    long at = tree.revision();
    Path previous = journalFile;
    try {
      Path next = dir.resolve(Recovery.journalName(at));
      FileChannel fresh =
          FileChannel.open(next, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      Recovery.syncDirectory(dir);
      journal.close();
      journal = fresh;
      journalFile = next;
      eventsInJournal = 0;
    } catch (IOException e) {
      log.warn(
          "name journal {}: cannot roll the journal for a snapshot ({}); retrying later", dir, e);
      return;
    }
    List<Map.Entry<NamePath, Node>> nodes = new ArrayList<>(tree.size());
    long revision = tree.copyAll(nodes);
    Thread t = options.threads().newThread(() -> writeSnapshot(revision, nodes, previous));
    synchronized (snapshotLock) {
      snapshotter = t;
    }
    t.start();
  }

  private void writeSnapshot(long revision, List<Map.Entry<NamePath, Node>> nodes, Path upTo) {
    Path tmp = dir.resolve(Recovery.snapshotName(revision) + ".tmp");
    try {
      NodeCodec.Writer out = new NodeCodec.Writer();
      NodeCodec.Writer payload = new NodeCodec.Writer();
      try (FileChannel ch =
          FileChannel.open(
              tmp,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        payload.reset();
        payload.writeInt(SNAPSHOT_MAGIC);
        payload.writeLong(revision);
        payload.writeLong(nodes.size());
        RecordFile.frame(out, payload.view());
        for (Map.Entry<NamePath, Node> e : nodes) {
          payload.reset();
          payload.writeString(e.getKey().toString());
          NodeCodec.writeNode(payload, e.getValue());
          RecordFile.frame(out, payload.view());
          if (out.length() > 1 << 20) {
            writeAll(ch, out.view());
            out.reset();
          }
        }
        payload.reset();
        payload.writeInt(~SNAPSHOT_MAGIC);
        payload.writeLong(nodes.size());
        RecordFile.frame(out, payload.view());
        writeAll(ch, out.view());
        ch.force(true);
      }
      Files.move(tmp, dir.resolve(Recovery.snapshotName(revision)), StandardCopyOption.ATOMIC_MOVE);
      Recovery.syncDirectory(dir);
      Recovery.deleteBefore(dir, revision);
    } catch (IOException | RuntimeException e) {
      log.warn(
          "name journal {}: snapshot at revision {} failed ({}); the journal keeps every change",
          dir,
          revision,
          e.toString());
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // left for the next recovery, which removes temporary files
      }
    }
  }

  static void writeAll(FileChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  /** Blocks until any snapshot in progress is written (tests and benchmarks use this). */
  public void awaitSnapshot() throws InterruptedException {
    Thread t;
    synchronized (snapshotLock) {
      t = snapshotter;
    }
    if (t != null) {
      t.join();
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.add(STOP);
    try {
      committer.join();
      awaitSnapshot();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    RpcException closedNow = RpcException.disconnected("name store " + dir + " is closed");
    // Changes queued by callers that raced with close, after the committer stopped.
    for (Pending p = queue.poll(); p != null; p = queue.poll()) {
      if (p != STOP) {
        p.result().completeExceptionally(closedNow);
      }
    }
    history.end(closedNow);
    closeQuietly(journal);
    try {
      lock.release();
    } catch (IOException ignored) {
      // the channel's close releases it too
    }
    closeQuietly(lockChannel);
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception ignored) {
        // nothing to do: closing
      }
    }
  }
}
