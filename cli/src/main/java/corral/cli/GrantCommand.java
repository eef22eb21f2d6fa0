package corral.cli;

import corral.runtime.cap.Capability;
import corral.runtime.cap.Caveat;
import corral.runtime.cap.InterfaceCatalog;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code corral grant --cap CAP --methods m1,m2 [--expires 10m]}: derive a narrower cap offline.
 */
@Command(
    name = "grant",
    description = {
      "Print a narrower capability derived offline from --cap: only the given methods, and/or an"
          + " expiry. Nothing is sent anywhere.",
      "Methods are names (when this command knows the interface) or ordinals: read,write or 0,2"
          + " or @0,@2; qualify as INTERFACE.method when the cap grants several interfaces."
    })
final class GrantCommand implements Callable<Integer> {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  private final InstantSource clock;
  private final InterfaceCatalog catalog;
  private final CapReader caps;

  @Spec CommandSpec spec;

  @Option(
      names = "--cap",
      required = true,
      paramLabel = "CAP",
      description =
          "the capability to narrow: corral1:..., @FILE (read from FILE) or - (read from standard"
              + " input)")
  String cap;

  @Option(
      names = "--methods",
      split = ",",
      paramLabel = "m1,m2",
      description = "the methods to keep")
  List<String> methods;

  @Option(
      names = "--expires",
      paramLabel = "WHEN",
      description =
          "expiry: a duration from now (90s, 10m, 2h, 7d) or an instant (2030-01-01T00:00:00Z)")
  String expires;

  @Option(
      names = "--interface",
      paramLabel = "NAME|0xID",
      description = "the interface that bare method ordinals refer to")
  String iface;

  @Option(names = "--json", description = "print the new cap as JSON: {\"cap\":\"corral1:...\"}")
  boolean json;

  GrantCommand(InstantSource clock, InterfaceCatalog catalog, CapReader caps) {
    this.clock = clock;
    this.catalog = catalog;
    this.caps = caps;
  }

  @Override
  public Integer call() {
    if (methods == null && expires == null) {
      throw new Corral.BadUsage("nothing to narrow: give --methods, --expires or both");
    }
    // The options are checked before the cap is read, so that a usage error is reported at once
    // rather than after waiting for standard input (--cap -).
    List<Methods.Item> items = methods == null ? null : Methods.parse(methods);
    Instant notAfter = expires == null ? null : expiry(expires);
    Capability c = caps.read(cap);
    try {
      if (items != null) {
        c = c.derive(new Caveat.Allow(Methods.resolve(items, c.rights(), catalog, iface)));
      }
      if (notAfter != null) {
        c = c.derive(new Caveat.ExpiresAt(notAfter));
      }
    } catch (IllegalArgumentException e) {
      throw new Corral.BadInput(e.getMessage());
    }
    spec.commandLine()
        .getOut()
        .println(json ? Json.write(Inspect.object("cap", c.toText())) : c.toText());
    return Corral.DONE;
  }

  private Instant expiry(String text) {
    Matcher m = DURATION.matcher(text);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      Duration d =
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          };
      if (d.isZero()) {
        throw new Corral.BadUsage("--expires " + text + " would expire the cap at once");
      }
      return clock.instant().plus(d);
    }
    try {
      Instant t = Instant.parse(text);
      if (!t.isAfter(clock.instant())) {
        throw new Corral.BadUsage("--expires " + text + " is not in the future");
      }
      return t;
    } catch (DateTimeParseException e) {
      throw new Corral.BadUsage(
          "--expires '"
              + text
              + "' is neither a duration (90s, 10m, 2h, 7d) nor an instant (2030-01-01T00:00:00Z)");
    }
  }
}
