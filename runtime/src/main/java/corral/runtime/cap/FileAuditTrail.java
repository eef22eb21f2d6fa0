package corral.runtime.cap;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An audit trail appended to a file (owner-only, one line per event, flushed per line) and logged
 * through slf4j: grants and revocations at INFO, refusals and denials at DEBUG (a flood of forged
 * caps must not flood the operator's log; the file has them all).
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
  private boolean failed;

  /** Opens {@code file} for appending, creating it owner-only (0600) if missing. */
  public FileAuditTrail(Path file, InstantSource clock) throws IOException {
    this.file = file;
    this.clock = clock;
    if (!Files.exists(file)) {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    this.out =
        Files.newBufferedWriter(
            file, StandardCharsets.UTF_8, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
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

  private synchronized void append(String line) {
    try {
      out.write(clock.instant() + " " + line + "\n");
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

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }

  @Override
  public String toString() {
    return "FileAuditTrail[" + file + "]";
  }
}
