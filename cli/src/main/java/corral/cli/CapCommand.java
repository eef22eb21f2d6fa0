package corral.cli;

import corral.runtime.cap.Capability;
import corral.runtime.cap.Caveat;
import corral.runtime.cap.Grant;
import corral.runtime.cap.InterfaceCatalog;
import corral.runtime.cap.Rights;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code corral cap ...}: look at capabilities. */
@Command(
    name = "cap",
    description = "Look at capabilities.",
    subcommands = {CapCommand.InspectCommand.class})
final class CapCommand {

  /** {@code corral cap inspect CAP}: what a cap grants and its caveats, never its MAC. */
  @Command(
      name = "inspect",
      description = {
        "Show what a capability grants: instance, interfaces and methods, caveats, expiry, id.",
        "Offline: it does not say whether the cap is genuine or revoked, and never prints its MAC."
      })
  static final class InspectCommand implements Callable<Integer> {
    private final InterfaceCatalog catalog;
    private final CapReader caps;

    @Spec CommandSpec spec;

    @Parameters(
        paramLabel = "CAP",
        description =
            "the capability: corral1:..., @FILE (read from FILE) or - (read from standard input)")
    String cap;

    @Option(
        names = "--json",
        description =
            "print one JSON object: instance, capId, grants, expires, caveats (see cli/README.md)")
    boolean json;

    InspectCommand(InterfaceCatalog catalog, CapReader caps) {
      this.catalog = catalog;
      this.caps = caps;
    }

    @Override
    public Integer call() {
      Capability c = caps.read(cap);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(Json.write(Inspect.json(catalog, c)));
        return Corral.DONE;
      }
      Rights rights = c.rights();
      out.println("instance   " + Capability.hexId(c.instanceId()));
      out.println("cap id     " + c.id());
      if (rights.isEmpty()) {
        out.println("grants     nothing (its caveats leave no method)");
      }
      for (Grant g : rights.grants()) {
        out.println("grants     " + Inspect.grant(catalog, g));
      }
      out.println("expires    " + rights.expiry().map(Object::toString).orElse("never"));
      out.println("caveats    " + c.caveats().size());
      int i = 1;
      for (Caveat cv : c.caveats()) {
        String what =
            switch (cv) {
              case Caveat.Allow a ->
                  "allow "
                      + a.grants().stream()
                          .map(g -> Inspect.grant(catalog, g))
                          .collect(Collectors.joining("; "));
              case Caveat.ExpiresAt e -> "expires at " + e.notAfter();
            };
        out.println("  " + i++ + ". " + what);
      }
      return Corral.DONE;
    }
  }
}
