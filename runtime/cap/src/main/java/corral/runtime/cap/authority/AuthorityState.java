package corral.runtime.cap.authority;

import corral.runtime.cap.CapId;
import corral.runtime.cap.Capability;
import corral.runtime.cap.ChainMac;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The persistent state of a {@link CapabilityAuthority}: an immutable snapshot, replaced as a whole
 * on every change. Readers take the current snapshot without locking.
 *
 * <p>File {@code authority.state} (owner-only, rewritten atomically: temp file, fsync, rename,
 * fsync of the directory), one record per line:
 *
 * <pre>
 * corral-authority 1
 * admin    0x&lt;admin instance id&gt;
 * instance 0x&lt;id&gt; &lt;secret, base64&gt;
 * retired  0x&lt;id&gt;                       (destroyed; never reused)
 * revoked  0x&lt;id&gt; &lt;cap id, 32 hex digits&gt;
 * </pre>
 *
 * <p>{@link #toString()} never shows secrets.
 */
record AuthorityState(
    long adminInstance,
    Map<Long, byte[]> secrets,
    Set<Long> retired,
    Map<Long, Set<CapId>> revoked) {

  static final String FILE = "authority.state";
  private static final String HEADER = "corral-authority 1";

  AuthorityState {
    secrets = Map.copyOf(secrets);
    retired = Set.copyOf(retired);
    revoked = Map.copyOf(revoked);
  }

  boolean isUsed(long id) {
    return id == 0 || id == adminInstance || secrets.containsKey(id) || retired.contains(id);
  }

  AuthorityState withSecret(long id, byte[] secret) {
    Map<Long, byte[]> s = new HashMap<>(secrets);
    s.put(id, secret.clone());
    Map<Long, Set<CapId>> r = new HashMap<>(revoked);
    r.remove(id); // old caps fail the MAC under a new secret; their revocations are moot
    return new AuthorityState(adminInstance, s, retired, r);
  }

  AuthorityState withRevoked(long id, CapId capId) {
    Map<Long, Set<CapId>> r = new HashMap<>(revoked);
    Set<CapId> set = new HashSet<>(r.getOrDefault(id, Set.of()));
    set.add(capId);
    r.put(id, Set.copyOf(set));
    return new AuthorityState(adminInstance, secrets, retired, r);
  }

  AuthorityState withRetired(long id) {
    Map<Long, byte[]> s = new HashMap<>(secrets);
    s.remove(id);
    Map<Long, Set<CapId>> r = new HashMap<>(revoked);
    r.remove(id);
    Set<Long> t = new HashSet<>(retired);
    t.add(id);
    return new AuthorityState(adminInstance, s, t, r);
  }

  static Optional<AuthorityState> load(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    if (lines.isEmpty() || !lines.getFirst().equals(HEADER)) {
      throw new IOException(file + " line 1: expected '" + HEADER + "'");
    }
    Long admin = null;
    Map<Long, byte[]> secrets = new HashMap<>();
    Set<Long> retired = new HashSet<>();
    Map<Long, Set<CapId>> revoked = new HashMap<>();
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(" ");
      try {
        switch (f[0]) {
          case "admin" -> admin = id(f[1]);
          case "instance" -> {
            byte[] secret = Base64.getDecoder().decode(f[2]);
            if (secret.length != ChainMac.LENGTH) {
              throw new IllegalArgumentException("a secret must be " + ChainMac.LENGTH + " bytes");
            }
            secrets.put(id(f[1]), secret);
          }
          case "retired" -> retired.add(id(f[1]));
          case "revoked" ->
              revoked.computeIfAbsent(id(f[1]), k -> new HashSet<>()).add(CapId.parse(f[2]));
          default -> throw new IllegalArgumentException("unknown record '" + f[0] + "'");
        }
      } catch (RuntimeException e) {
        // Never echo the line: it may hold a secret.
        throw new IOException(file + " line " + (i + 1) + " is malformed: " + e.getMessage());
      }
    }
    if (admin == null) {
      throw new IOException(file + " names no admin instance");
    }
    Map<Long, Set<CapId>> frozen = new HashMap<>();
    revoked.forEach((k, v) -> frozen.put(k, Set.copyOf(v)));
    return Optional.of(new AuthorityState(admin, secrets, retired, frozen));
  }

  private static long id(String hex) {
    if (!hex.startsWith("0x") || hex.length() != 18) {
      throw new IllegalArgumentException(
          "'" + hex + "' is not an id of the form 0x and 16 hex digits");
    }
    return HexFormat.fromHexDigitsToLong(hex, 2, 18);
  }

  void save(Path dir) throws IOException {
    StringBuilder sb = new StringBuilder(HEADER).append('\n');
    sb.append("admin ").append(Capability.hexId(adminInstance)).append('\n');
    secrets.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                sb.append("instance ")
                    .append(Capability.hexId(e.getKey()))
                    .append(' ')
                    .append(Base64.getEncoder().encodeToString(e.getValue()))
                    .append('\n'));
    retired.stream()
        .sorted()
        .forEach(id -> sb.append("retired ").append(Capability.hexId(id)).append('\n'));
    revoked.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                e.getValue().stream()
                    .map(CapId::toString)
                    .sorted()
                    .forEach(
                        c ->
                            sb.append("revoked ")
                                .append(Capability.hexId(e.getKey()))
                                .append(' ')
                                .append(c)
                                .append('\n')));
    writeAtomically(dir, FILE, sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Writes {@code name} in {@code dir} owner-only and atomically: temp file, fsync, rename. */
  static void writeAtomically(Path dir, String name, byte[] content) throws IOException {
    Path tmp = dir.resolve(name + ".tmp");
    Files.deleteIfExists(tmp);
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
      ByteBuffer b = ByteBuffer.wrap(content);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
    Files.move(
        tmp,
        dir.resolve(name),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  @Override
  public String toString() {
    return "AuthorityState[admin="
        + Capability.hexId(adminInstance)
        + ", instances="
        + secrets.size()
        + ", retired="
        + retired.size()
        + ", revoked="
        + revoked.values().stream().mapToInt(Set::size).sum()
        + "]";
  }
}
