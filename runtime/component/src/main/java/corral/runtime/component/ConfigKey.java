package corral.runtime.component;

import java.util.Optional;

/**
 * One configuration key a driver declares: its type, its default (empty: the key is required), the
 * range a number must lie in, and the help text {@code corral drivers} shows.
 *
 * @param min smallest allowed value of a number (bytes, integer), inclusive
 * @param max largest allowed value of a number, inclusive
 */
public record ConfigKey(
    String key, ConfigType type, Optional<String> defaultValue, String help, long min, long max) {

  public ConfigKey {
    if (!key.matches("[a-zA-Z][a-zA-Z0-9.-]*")) {
      throw new IllegalArgumentException("configuration key '" + key + "' is not a plain name");
    }
    if (min > max) {
      throw new IllegalArgumentException(
          "configuration key " + key + ": min " + min + " exceeds max " + max);
    }
    defaultValue.ifPresent(
        d ->
            ConfigType.check(new ConfigKey(key, type, Optional.empty(), help, min, max), d)
                .ifPresent(
                    error -> {
                      throw new IllegalArgumentException("default of " + error);
                    }));
  }

  /** Whether the key must be set (it has no default). */
  public boolean required() {
    return defaultValue.isEmpty();
  }
}
