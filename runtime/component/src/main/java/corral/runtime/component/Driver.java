package corral.runtime.component;

import corral.runtime.cap.Grant;
import corral.runtime.cap.InterfaceCatalog;
import corral.runtime.rpc.Server;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A driver (component class) as the kernel sees it: its name, the interfaces its instances offer,
 * the configuration keys it takes, the resources it needs and the devices it matches, and how an
 * instance is made. Found by the kernel through a {@link DriverProvider} on the class path or in a
 * drivers directory.
 *
 * <pre>
 *   Driver.named("ramdisk", RamDisk::new)
 *       .summary("a block device in off-heap memory")
 *       .offers(BlockClass.Block.class)
 *       .bytes("size", "64M", "capacity", 4096, 1L &lt;&lt; 40)
 *       .build();
 * </pre>
 *
 * Immutable. The factory runs in the driver host, on a thread of its own, once per instance.
 */
public final class Driver {
  /** Makes an instance: the server that answers its calls (a generated {@code Foo.Server}). */
  @FunctionalInterface
  public interface Factory {
    /**
     * @throws Exception to refuse to start (the plug fails with the exception's message)
     */
    Server create(DriverContext context) throws Exception;
  }

  /**
   * A register window or event line an instance needs, granted by the kernel. Each is also a
   * required text configuration key of the same name, whose value names the kernel's resource to
   * grant ({@code --set regs=scratch0/regs}); a device plugged from the simulated bus gets its own
   * resources of the same names by default.
   */
  public record Resource(Kind kind, String name, String help) {
    public enum Kind {
      WINDOW,
      EVENT
    }

    @Override
    public String toString() {
      return (kind == Kind.WINDOW ? "window " : "event ") + name;
    }
  }

  /**
   * Which devices on the (simulated) bus this driver serves: those of {@code model}; an instance is
   * plugged under {@code nameTemplate}, where {@code {n}} is the lowest free number.
   */
  public record MatchRule(String model, String nameTemplate) {}

  private final String name;
  private final String summary;
  private final List<InterfaceCatalog.Entry> interfaces;
  private final List<ConfigKey> config;
  private final List<Resource> resources;
  private final List<MatchRule> matches;
  private final Factory factory;

  private Driver(Builder b) {
    this.name = b.name;
    this.summary = b.summary;
    this.interfaces = List.copyOf(b.interfaces);
    this.config = List.copyOf(b.config);
    this.resources = List.copyOf(b.resources);
    this.matches = List.copyOf(b.matches);
    this.factory = b.factory;
  }

  /**
   * Starts the descriptor of a driver called {@code name} whose instances {@code factory} makes.
   */
  public static Builder named(String name, Factory factory) {
    return new Builder(name, factory);
  }

  public String name() {
    return name;
  }

  public String summary() {
    return summary;
  }

  /** The interfaces its instances offer, with their method names. */
  public List<InterfaceCatalog.Entry> interfaces() {
    return interfaces;
  }

  public List<ConfigKey> config() {
    return config;
  }

  public List<Resource> resources() {
    return resources;
  }

  public List<MatchRule> matches() {
    return matches;
  }

  public Factory factory() {
    return factory;
  }

  /** What an instance's owner cap grants: every method of every interface offered. */
  public List<Grant> ownerGrants() {
    List<Grant> grants = new ArrayList<>();
    for (InterfaceCatalog.Entry e : interfaces) {
      int[] all = new int[e.methodNames().size()];
      for (int i = 0; i < all.length; i++) {
        all[i] = i;
      }
      grants.add(Grant.of(e.interfaceId(), all));
    }
    grants.sort(java.util.Comparator.comparingLong(Grant::interfaceId));
    return grants;
  }

  /** The key named {@code key}, if declared. */
  public Optional<ConfigKey> key(String key) {
    return config.stream().filter(k -> k.key().equals(key)).findFirst();
  }

  @Override
  public String toString() {
    return "Driver[" + name + "]";
  }

  /** Collects a descriptor; {@link #build()} checks it. */
  public static final class Builder {
    private final String name;
    private final Factory factory;
    private String summary = "";
    private final List<InterfaceCatalog.Entry> interfaces = new ArrayList<>();
    private final List<ConfigKey> config = new ArrayList<>();
    private final List<Resource> resources = new ArrayList<>();
    private final List<MatchRule> matches = new ArrayList<>();

    private Builder(String name, Factory factory) {
      if (!name.matches("[a-z][a-z0-9-]*")) {
        throw new IllegalArgumentException(
            "driver name '" + name + "' is not lower-case letters, digits and '-'");
      }
      this.name = name;
      this.factory = factory;
    }

    /** One line saying what the driver is, for {@code corral drivers}. */
    public Builder summary(String text) {
      this.summary = text;
      return this;
    }

    /**
     * Interfaces offered: classes generated for IDL interfaces ({@code BlockClass.Block.class}).
     */
    public Builder offers(Class<?>... generated) {
      InterfaceCatalog c = InterfaceCatalog.ofGenerated(generated);
      for (Class<?> g : generated) {
        try {
          interfaces.add(c.find(g.getField("TYPE_ID").getLong(null)).orElseThrow());
        } catch (ReflectiveOperationException e) {
          throw new IllegalArgumentException(g + " is not a generated interface class", e);
        }
      }
      return this;
    }

    /** A configuration key; see {@link ConfigKey}. */
    public Builder key(ConfigKey key) {
      config.add(key);
      return this;
    }

    /** A byte-count key with a default ({@code "64M"}) and an inclusive range. */
    public Builder bytes(String key, String defaultValue, String help, long min, long max) {
      return key(new ConfigKey(key, ConfigType.BYTES, Optional.of(defaultValue), help, min, max));
    }

    /** An integer key with a default and an inclusive range. */
    public Builder integer(String key, long defaultValue, String help, long min, long max) {
      return key(
          new ConfigKey(
              key, ConfigType.INTEGER, Optional.of(Long.toString(defaultValue)), help, min, max));
    }

    /** A boolean key with a default. */
    public Builder bool(String key, boolean defaultValue, String help) {
      return key(
          new ConfigKey(
              key, ConfigType.BOOLEAN, Optional.of(Boolean.toString(defaultValue)), help, 0, 0));
    }

    /** A text key; a {@code null} default makes it required. */
    public Builder text(String key, String defaultValue, String help) {
      return key(
          new ConfigKey(key, ConfigType.TEXT, Optional.ofNullable(defaultValue), help, 0, 0));
    }

    /**
     * A register window the instance needs, reached through {@link DriverContext#window}; the
     * configuration key {@code name} names the window the kernel grants (DEVICE/WINDOW).
     */
    public Builder window(String name, String help) {
      return resource(Resource.Kind.WINDOW, name, help);
    }

    /**
     * An event line the instance needs, reached through {@link DriverContext#onEvent}; the
     * configuration key {@code name} names the line the kernel grants (DEVICE/LINE).
     */
    public Builder event(String name, String help) {
      return resource(Resource.Kind.EVENT, name, help);
    }

    private Builder resource(Resource.Kind kind, String name, String help) {
      resources.add(new Resource(kind, name, help));
      String what = kind == Resource.Kind.WINDOW ? "register window" : "event line";
      return text(name, null, help + " (the " + what + " granted: DEVICE/NAME)");
    }

    /** Serve devices of {@code model} arriving on the simulated bus, under {@code nameTemplate}. */
    public Builder matches(String model, String nameTemplate) {
      matches.add(new MatchRule(model, nameTemplate));
      return this;
    }

    /**
     * @throws IllegalArgumentException if no interface is offered or a key is declared twice
     */
    public Driver build() {
      if (interfaces.isEmpty()) {
        throw new IllegalArgumentException("driver " + name + " offers no interface");
      }
      Set<String> seen = new HashSet<>();
      for (ConfigKey k : config) {
        if (!seen.add(k.key())) {
          throw new IllegalArgumentException(
              "driver " + name + " declares configuration key " + k.key() + " twice");
        }
      }
      return new Driver(this);
    }
  }
}
