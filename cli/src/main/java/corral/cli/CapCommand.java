package corral.cli;

import corral.runtime.cap.Capability;
import corral.runtime.cap.Caveat;
import corral.runtime.cap.Grant;
import corral.runtime.cap.InterfaceCatalog;
import corral.runtime.cap.Rights;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
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

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "CAP", description = "the capability (corral1:...)")
    String cap;

    InspectCommand(InterfaceCatalog catalog) {
      this.catalog = catalog;
    }

    @Override
    public Integer call() {
      Capability c = Caps.parse(cap);
      Rights rights = c.rights();
      PrintWriter out = spec.commandLine().getOut();
      out.println("instance   " + Capability.hexId(c.instanceId()));
      out.println("cap id     " + c.id());
      if (rights.isEmpty()) {
        out.println("grants     nothing (its caveats leave no method)");
      }
      for (Grant g : rights.grants()) {
        out.println(
            "grants     "
                + Inspect.interfaceName(catalog, g.interfaceId())
                + " "
                + Inspect.methods(catalog, g.interfaceId(), g.methods()));
      }
      out.println("expires    " + rights.expiry().map(Object::toString).orElse("never"));
      out.println("caveats    " + c.caveats().size());
      int i = 1;
      for (Caveat cv : c.caveats()) {
        String what =
            switch (cv) {
              case Caveat.Allow a ->
                  "allow "
                      + String.join(
                          "; ",
                          a.grants().stream()
                              .map(
                                  g ->
                                      Inspect.interfaceName(catalog, g.interfaceId())
                                          + " "
                                          + Inspect.methods(catalog, g.interfaceId(), g.methods()))
                              .toList());
              case Caveat.ExpiresAt e -> "expires at " + e.notAfter();
            };
        out.println("  " + i++ + ". " + what);
      }
      return 0;
    }
  }
}
