package corral.runtime.kernel;

import corral.runtime.component.Driver;
import corral.runtime.rpc.RpcException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;

/**
 * The register windows and event lines of the devices on the simulated bus, and their grants to
 * instances. A device's resources live in {@code STATE/devices/ID/} (owner-only): a window {@code
 * W} is the file {@code W} of its length, an event line {@code L} the doorbell {@code L.bell} and
 * the socket {@code L.sock} its instance's host listens on. The kernel names them {@code ID/W} and
 * {@code ID/L}; an instance is granted exactly those its configuration names, each under the name
 * its driver declared. Thread-safe.
 */
final class DeviceResources {
  /** Windows are at most this long. */
  static final long MAX_WINDOW = 1L << 30;

  /** One resource of a device. */
  record Resource(String device, String name, long length, Path file, Path socket) {
    boolean isWindow() {
      return length > 0;
    }

    String id() {
      return device + "/" + name;
    }

    String kind() {
      return isWindow() ? "register window" : "event line";
    }
  }

  /** A resource granted to an instance under the driver's {@code name} for it. */
  record Grant(String name, Resource resource) {}

  private final Path root;
  private final Map<String, Resource> resources = new ConcurrentHashMap<>();

  DeviceResources(Path stateDirectory) {
    this.root = stateDirectory.resolve("devices");
  }

  /**
   * Creates the resources {@code specs} (name → length, 0 for an event line) of device {@code
   * device}; all or nothing.
   *
   * @return the device's directory
   * @throws RpcException (failed) naming a malformed resource or what the file system refused
   */
  Path create(String device, Map<String, Long> specs) {
    for (var s : specs.entrySet()) {
      if (!s.getKey().matches("[A-Za-z0-9_-]{1,64}")) {
        throw RpcException.failed(
            "resource name '"
                + s.getKey()
                + "' of "
                + device
                + " is not 1 to 64 letters, digits, _ and -");
      }
      if (s.getValue() < 0 || s.getValue() > MAX_WINDOW) {
        throw RpcException.failed(
            "register window "
                + device
                + "/"
                + s.getKey()
                + " of "
                + s.getValue()
                + " bytes: a window has 1 byte to 1 GiB");
      }
    }
    Path dir = root.resolve(device);
    try {
      Files.createDirectories(
          root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      deleteTree(dir);
      Files.createDirectory(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      List<Resource> made = new ArrayList<>();
      for (var s : new TreeMap<>(specs).entrySet()) {
        String name = s.getKey();
        long length = s.getValue();
        Resource r =
            length > 0
                ? new Resource(device, name, length, dir.resolve(name), null)
                : new Resource(
                    device, name, 0, dir.resolve(name + ".bell"), dir.resolve(name + ".sock"));
        Files.createFile(
            r.file(),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (RandomAccessFile f = new RandomAccessFile(r.file().toFile(), "rw")) {
          f.setLength(length > 0 ? length : 8); // a doorbell is one 64-bit counter
        }
        made.add(r);
      }
      made.forEach(r -> resources.put(r.id(), r));
      return dir;
    } catch (IOException e) {
      deleteTree(dir);
      throw RpcException.failed("cannot create the resources of " + device + ": " + e.getMessage());
    }
  }

  /** Removes device {@code device}'s resources and their files. */
  void remove(String device) {
    resources.values().removeIf(r -> r.device().equals(device));
    deleteTree(root.resolve(device));
  }

  /**
   * The grants of an instance of {@code driver} configured with {@code settings}: for each resource
   * the driver declares, the kernel's resource its setting names, of the same kind.
   *
   * @param taken whether an event line is granted to another instance already (it has one
   *     listener): (resource id, this instance's id)
   * @throws RpcException (failed) naming the setting when it names no resource of that kind, or an
   *     event line another instance holds
   */
  List<Grant> grantsFor(
      Driver driver,
      Map<String, String> settings,
      long instanceId,
      BiPredicate<String, Long> taken) {
    List<Grant> grants = new ArrayList<>();
    for (Driver.Resource want : driver.resources()) {
      String value = settings.get(want.name());
      boolean window = want.kind() == Driver.Resource.Kind.WINDOW;
      Resource r = value == null ? null : resources.get(value);
      if (r == null || r.isWindow() != window) {
        throw RpcException.failed(
            want.name()
                + "="
                + value
                + ": no "
                + (window ? "register window" : "event line")
                + " of that name on the simulated bus; "
                + (window ? "windows" : "event lines")
                + ": "
                + list(window));
      }
      if (!window && taken.test(r.id(), instanceId)) {
        throw RpcException.failed(
            want.name()
                + "="
                + value
                + ": the event line is granted to another instance already (a line has one listener)");
      }
      grants.add(new Grant(want.name(), r));
    }
    return List.copyOf(grants);
  }

  private String list(boolean windows) {
    List<String> ids =
        resources.values().stream()
            .filter(r -> r.isWindow() == windows)
            .map(Resource::id)
            .sorted()
            .toList();
    return ids.isEmpty() ? "none" : String.join(", ", ids);
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // what is left is removed with the next device of that id
    }
  }
}
