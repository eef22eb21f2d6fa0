package corral.cli;

import corral.classes.Calls;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code corral revoke CAP | --all NAME}. */
@Command(
    name = "revoke",
    description = {
      "Revoke CAP and every cap derived from it: live references made from them fail from their"
          + " next call, on the direct path too (the host confirms before this returns).",
      "With --all NAME, revoke every cap of the instance bound to NAME and print its new owner cap,"
          + " the only one that now works."
    })
final class RevokeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin KernelOptions kernel;

  @ArgGroup(multiplicity = "1")
  Target target;

  static final class Target {
    @Parameters(index = "0", paramLabel = "CAP", description = "the cap to revoke (corral1:...)")
    String cap;

    @Option(names = "--all", paramLabel = "NAME", description = "every cap of this instance")
    String all;
  }

  @Override
  public Integer call() {
    if (target.all != null) {
      String cap =
          kernel.admin(
              admin -> {
                try (var r = Calls.await(admin.revokeAll(p -> p.setName(target.all)), 60)) {
                  return r.join().getCap().toString();
                }
              });
      spec.commandLine().getOut().println(cap);
      return 0;
    }
    boolean revoked =
        kernel.admin(
            admin -> {
              try (var r = Calls.await(admin.revoke(p -> p.setCap(target.cap)), 60)) {
                return r.join().getRevoked();
              }
            });
    if (!revoked) {
      throw new Corral.BadInput(
          "nothing revoked: the cap is not a genuine, current cap of this kernel (forged, already"
              + " revoked, expired, or of an instance unplugged)");
    }
    return 0;
  }
}
