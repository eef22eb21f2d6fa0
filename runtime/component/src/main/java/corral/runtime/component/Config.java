package corral.runtime.component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An instance's configuration, validated against its driver's descriptor: every declared key has a
 * value (set or default) of its type and within its range, so the typed getters cannot fail on a
 * declared key. Immutable.
 */
public final class Config {
  private final Map<String, ConfigKey> keys;
  private final Map<String, String> values;

  private Config(Map<String, ConfigKey> keys, Map<String, String> values) {
    this.keys = keys;
    this.values = values;
  }

  /** The outcome of {@link #validate}: a configuration, or what is wrong with the settings. */
  public sealed interface Validation {
    /** The settings are valid. */
    record Valid(Config config) implements Validation {}

    /** The settings are refused; {@code message} names the key and the offending value. */
    record Invalid(String message) implements Validation {}
  }

  /**
   * Validates {@code settings} (key to text, as given by {@code --set}) against the keys of {@code
   * driver}: unknown keys, values of the wrong type or out of range and missing required keys are
   * refused, the first one found named in the message.
   */
  public static Validation validate(Driver driver, Map<String, String> settings) {
    Map<String, ConfigKey> keys = new LinkedHashMap<>();
    driver.config().forEach(k -> keys.put(k.key(), k));
    for (String k : settings.keySet()) {
      if (!keys.containsKey(k)) {
        return new Validation.Invalid(
            "driver "
                + driver.name()
                + " has no configuration key '"
                + k
                + "'"
                + (keys.isEmpty()
                    ? " (it takes none)"
                    : "; its keys: " + String.join(", ", keys.keySet())));
      }
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (ConfigKey key : keys.values()) {
      String v = settings.get(key.key());
      if (v == null) {
        if (key.required()) {
          return new Validation.Invalid(
              "driver "
                  + driver.name()
                  + " needs configuration key '"
                  + key.key()
                  + "' ("
                  + key.type().label()
                  + ": "
                  + key.help()
                  + "); set it with --set "
                  + key.key()
                  + "=...");
        }
        v = key.defaultValue().orElseThrow();
      }
      var error = ConfigType.check(key, v);
      if (error.isPresent()) {
        return new Validation.Invalid(error.get());
      }
      values.put(key.key(), v);
    }
    return new Validation.Valid(new Config(keys, values));
  }

  /** Every key with its value as text (defaults filled in), in the descriptor's order. */
  public Map<String, String> asText() {
    return java.util.Collections.unmodifiableMap(values);
  }

  /** A byte-count key's value in bytes. */
  public long bytes(String key) {
    return ConfigType.number(ConfigType.BYTES, value(key, ConfigType.BYTES)).orElseThrow();
  }

  /** An integer key's value. */
  public long integer(String key) {
    return ConfigType.number(ConfigType.INTEGER, value(key, ConfigType.INTEGER)).orElseThrow();
  }

  /** A boolean key's value. */
  public boolean bool(String key) {
    return Boolean.parseBoolean(value(key, ConfigType.BOOLEAN));
  }

  /** A text key's value. */
  public String text(String key) {
    return value(key, ConfigType.TEXT);
  }

  /**
   * @throws IllegalArgumentException if the driver did not declare {@code key} with that type (a
   *     bug in the driver)
   */
  private String value(String key, ConfigType type) {
    ConfigKey k = keys.get(key);
    if (k == null || k.type() != type) {
      throw new IllegalArgumentException(
          "the driver reads configuration key '"
              + key
              + "' as "
              + type.label()
              + " but declares "
              + (k == null ? "no such key" : "it as " + k.type().label())
              + "; its keys: "
              + keys.values().stream()
                  .map(c -> c.key() + " (" + c.type().label() + ")")
                  .collect(Collectors.joining(", ")));
    }
    return values.get(key);
  }

  @Override
  public String toString() {
    return values.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", ", "Config[", "]"));
  }

  /** The settings as a list of {@code key=value} strings (for logs and listings). */
  public List<String> settings() {
    return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
  }
}
