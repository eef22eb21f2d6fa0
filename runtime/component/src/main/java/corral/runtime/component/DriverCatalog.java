package corral.runtime.component;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The drivers a process can use, found through {@link ServiceLoader}: on its own class path, and in
 * each jar of a drivers directory, every jar in a class loader of its own (so two drivers may use
 * different versions of a library). Immutable; the class loaders live as long as the catalog's
 * users (the process).
 */
public final class DriverCatalog {
  /** A driver and where it came from: its jar, or empty for the class path. */
  public record Entry(Driver driver, Optional<Path> jar) {
    /** Where it was found, for listings. */
    public String source() {
      return jar.map(Path::toString).orElse("class path");
    }
  }

  private final TreeMap<String, Entry> byName;
  private final List<String> problems;

  private DriverCatalog(TreeMap<String, Entry> byName, List<String> problems) {
    this.byName = byName;
    this.problems = List.copyOf(problems);
  }

  /**
   * Loads the drivers on {@code parent}'s class path and in the jars of {@code driversDir} (if
   * present). A jar that fails to load, or a second driver of the same name, is skipped and
   * reported in {@link #problems()}.
   */
  public static DriverCatalog load(ClassLoader parent, Optional<Path> driversDir)
      throws IOException {
    TreeMap<String, Entry> found = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    add(found, problems, parent, null, Optional.empty());
    if (driversDir.isPresent() && Files.isDirectory(driversDir.get())) {
      List<Path> jars;
      try (Stream<Path> s = Files.list(driversDir.get())) {
        jars =
            s.filter(p -> p.toString().endsWith(".jar")).sorted(Comparator.naturalOrder()).toList();
      }
      for (Path jar : jars) {
        ClassLoader loader = loaderOf(jar.toAbsolutePath(), parent);
        add(found, problems, loader, loader, Optional.of(jar.toAbsolutePath()));
      }
    }
    return new DriverCatalog(found, problems);
  }

  /** A class loader for one driver jar, child of {@code parent} (the runtime). */
  public static ClassLoader loaderOf(Path jar, ClassLoader parent) {
    try {
      return new URLClassLoader(
          "driver " + jar.getFileName(), new URL[] {jar.toUri().toURL()}, parent);
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("bad driver jar path " + jar, e);
    }
  }

  private static void add(
      TreeMap<String, Entry> found,
      List<String> problems,
      ClassLoader loader,
      ClassLoader own,
      Optional<Path> jar) {
    String where = jar.map(Path::toString).orElse("the class path");
    try {
      for (DriverProvider p : ServiceLoader.load(DriverProvider.class, loader)) {
        if (own != null && p.getClass().getClassLoader() != own) {
          continue; // found through the parent: a class path driver, already listed
        }
        Driver d;
        try {
          d = p.driver();
        } catch (RuntimeException e) {
          problems.add(
              "driver provider "
                  + p.getClass().getName()
                  + " in "
                  + where
                  + " failed: "
                  + e.getMessage());
          continue;
        }
        if (found.containsKey(d.name())) {
          problems.add(
              "driver "
                  + d.name()
                  + " in "
                  + where
                  + " ignored: already found in "
                  + found.get(d.name()).source());
          continue;
        }
        found.put(d.name(), new Entry(d, jar));
      }
    } catch (ServiceConfigurationError e) {
      problems.add("drivers in " + where + " cannot be loaded: " + e.getMessage());
    }
  }

  /** The driver called {@code name}, if found. */
  public Optional<Entry> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** Every driver, by name. */
  public List<Entry> entries() {
    return List.copyOf(byName.values());
  }

  /** The names of all drivers, sorted. */
  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  /** What could not be loaded, one line each (for the kernel's log). */
  public List<String> problems() {
    return problems;
  }
}
