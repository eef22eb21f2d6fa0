package corral.runtime.cap.authority;

import corral.runtime.cap.AuditTrail;
import corral.runtime.cap.CapId;
import corral.runtime.cap.Capability;
import corral.runtime.cap.Rights;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An audit trail appended to a file (owner-only, one line per event, written and flushed by one
 * writer thread from a bounded queue, so callers never wait for the disk) and logged through slf4j:
 * grants and revocations at INFO, refusals and denials at DEBUG (a flood of forged caps must not
 * flood the operator's log; the file has them all).
 *
 * <pre>
 * 2025-01-01T12:00:00Z minted instance=0x1f.. cap=3a9c.. rights=[0x9e.. {0, 1}]
 * 2025-01-01T12:00:05Z refused instance=0x1f.. cap=77b0.. reason=expired
 * 2025-01-01T12:00:09Z denied instance=0x1f.. cap=3a9c.. interface=0x9e.. method=2 why=not granted
 * </pre>
 *
 * <p>Owned by one {@link CapabilityAuthority}, closed with it. Thread-safe.
 */
public final class FileAuditTrail implements AuditTrail, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FileAuditTrail.class);

  private final Path file;
  private final InstantSource clock;
  private final Writer out;
  private final BlockingQueue<String> queue;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong queued = new AtomicLong(); // lines accepted into the queue
  private final AtomicLong written = new AtomicLong(); // of those, lines the writer has written
  private final Thread writer;
  private volatile boolean closing;
  private boolean failed; // writer thread only

  /** The default bound of the queue of lines not yet written. */
  public static final int QUEUE_CAPACITY = 8192;

  /** Opens {@code file} for appending, creating it owner-only (0600) if missing. */
  public FileAuditTrail(Path file, InstantSource clock) throws IOException {
    this(file, clock, QUEUE_CAPACITY);
  }

  /**
   * Opens {@code file} for appending. Events are queued (at most {@code capacity} lines) and
   * written by one writer thread, so a caller — a connection's event loop auditing a denied call —
   * never waits for the disk. When the queue is full an event is dropped and counted; the writer
   * then appends {@code dropped N audit events (queue full)}, so the file always accounts for every
   * event.
   */
  public FileAuditTrail(Path file, InstantSource clock, int capacity) throws IOException {
    this.file = file;
    this.clock = clock;
    this.queue = new ArrayBlockingQueue<>(capacity);
    if (!Files.exists(file)) {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    this.out =
        Files.newBufferedWriter(
            file, StandardCharsets.UTF_8, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    this.writer = Thread.ofPlatform().daemon().name("audit-writer " + file).start(this::drain);
  }

  @Override
  public void minted(long instanceId, CapId capId, Rights rights) {
    log.info("minted cap {} for instance {}: {}", capId, Capability.hexId(instanceId), rights);
    append(
        "minted instance="
            + Capability.hexId(instanceId)
            + " cap="
            + capId
            + " rights="
            + rights.grants());
  }

  @Override
  public void revokedCap(long instanceId, CapId capId) {
    log.info(
        "revoked cap {} of instance {} and all caps derived from it",
        capId,
        Capability.hexId(instanceId));
    append("revoked instance=" + Capability.hexId(instanceId) + " cap=" + capId);
  }

  @Override
  public void revokedInstance(long instanceId, String why) {
    log.info("revoked every cap of instance {} ({})", Capability.hexId(instanceId), why);
    append("revoked-all instance=" + Capability.hexId(instanceId) + " why=" + why);
  }

  @Override
  public void refused(Optional<Long> instanceId, Optional<CapId> capId, String reason) {
    String instance = instanceId.map(Capability::hexId).orElse("-");
    String cap = capId.map(CapId::toString).orElse("-");
    log.debug("refused cap {} for instance {}: {}", cap, instance, reason);
    append("refused instance=" + instance + " cap=" + cap + " reason=" + reason);
  }

  @Override
  public void deniedCall(long instanceId, CapId capId, long interfaceId, int method, String why) {
    log.debug(
        "denied call of method {} of interface {} on instance {} through cap {}: {}",
        method,
        Capability.hexId(interfaceId),
        Capability.hexId(instanceId),
        capId,
        why);
    append(
        "denied instance="
            + Capability.hexId(instanceId)
            + " cap="
            + capId
            + " interface="
            + Capability.hexId(interfaceId)
            + " method="
            + method
            + " why="
            + why);
  }

  private void append(String line) {
    if (queue.offer(clock.instant() + " " + line + "\n")) {
      queued.incrementAndGet();
    } else {
      dropped.incrementAndGet();
    }
  }

  /** The writer thread: writes queued lines, then a summary of dropped ones, until closed. */
  private void drain() {
    List<String> batch = new ArrayList<>();
    while (true) {
      try {
        String first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first != null) {
          batch.add(first);
          queue.drainTo(batch);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      int fromQueue = batch.size();
      long lost = dropped.getAndSet(0);
      if (lost > 0) {
        batch.add(clock.instant() + " dropped " + lost + " audit events (queue full)\n");
      }
      write(batch);
      batch.clear();
      written.addAndGet(fromQueue);
      if (closing && queue.isEmpty()) {
        return;
      }
    }
  }

  private void write(List<String> lines) {
    if (lines.isEmpty()) {
      return;
    }
    try {
      for (String l : lines) {
        out.write(l);
      }
      out.flush();
      failed = false;
    } catch (IOException e) {
      if (!failed) {
        log.error(
            "cannot append to audit file {} (events are still logged here): {}",
            file,
            e.toString());
        failed = true;
      }
    }
  }

  /**
   * Waits until every event accepted before this call is in the file (or could not be written: the
   * failure is logged), at most {@code timeout}. For operators and tests that read the file right
   * after acting; callers on an event loop must not use it.
   *
   * @return whether everything was written within the timeout
   */
  public boolean flush(java.time.Duration timeout) {
    long target = queued.get();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (written.get() < target) {
      if (System.nanoTime() - deadline > 0 || !writer.isAlive()) {
        return written.get() >= target;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(200_000);
    }
    return true;
  }

  /** Writes what is queued (and the count of what was dropped), then closes the file. */
  @Override
  public void close() throws IOException {
    closing = true; // not interrupt: an interrupted write would close the file's channel
    try {
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    write(
        dropped.get() > 0
            ? List.of(
                clock.instant()
                    + " dropped "
                    + dropped.getAndSet(0)
                    + " audit events (queue full)\n")
            : List.of());
    out.close();
  }

  @Override
  public String toString() {
    return "FileAuditTrail[" + file + "]";
  }
}
