package corral.runtime.component;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The type of a configuration value, and how its text ({@code --set key=value}) reads. */
public enum ConfigType {
  /** A byte count: {@code 4096}, or with a binary suffix {@code 64K}, {@code 64M}, {@code 1G}. */
  BYTES,
  /** A decimal integer. */
  INTEGER,
  /** {@code true} or {@code false}. */
  BOOLEAN,
  /** Any text. */
  TEXT;

  private static final Pattern BYTE_COUNT = Pattern.compile("(\\d{1,19})([KMGT]?)");

  /** How the type is named to users ({@code corral drivers}, error messages). */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The value of {@code text} as a number (bytes, integer), or empty if it does not read as one.
   */
  static Optional<Long> number(ConfigType type, String text) {
    if (type == INTEGER) {
      try {
        return Optional.of(Long.parseLong(text));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    Matcher m = BYTE_COUNT.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    int shift =
        switch (m.group(2)) {
          case "K" -> 10;
          case "M" -> 20;
          case "G" -> 30;
          case "T" -> 40;
          default -> 0;
        };
    try {
      long n = Long.parseLong(m.group(1));
      return n > (Long.MAX_VALUE >> shift) ? Optional.empty() : Optional.of(n << shift);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** What is wrong with {@code value} for {@code key}, or empty if it is valid. */
  static Optional<String> check(ConfigKey key, String value) {
    String where = key.key() + "=" + value + ": ";
    return switch (key.type()) {
      case TEXT -> Optional.empty();
      case BOOLEAN ->
          value.equals("true") || value.equals("false")
              ? Optional.empty()
              : Optional.of(where + "not a boolean (true or false)");
      case BYTES, INTEGER -> {
        Optional<Long> n = number(key.type(), value);
        if (n.isEmpty()) {
          yield Optional.of(
              where
                  + (key.type() == BYTES
                      ? "not a byte count (e.g. 4096, 64K, 64M, 1G)"
                      : "not an integer"));
        }
        if (n.get() < key.min() || n.get() > key.max()) {
          yield Optional.of(
              where
                  + "out of range: "
                  + key.key()
                  + " must be "
                  + show(key.type(), key.min())
                  + " .. "
                  + show(key.type(), key.max()));
        }
        yield Optional.empty();
      }
    };
  }

  /** A number as users write it: bytes with the largest exact binary suffix. */
  static String show(ConfigType type, long n) {
    if (type != BYTES || n == 0) {
      return Long.toString(n);
    }
    String[] suffixes = {"T", "G", "M", "K"};
    int[] shifts = {40, 30, 20, 10};
    for (int i = 0; i < shifts.length; i++) {
      if (n % (1L << shifts[i]) == 0) {
        return (n >> shifts[i]) + suffixes[i];
      }
    }
    return Long.toString(n);
  }
}
