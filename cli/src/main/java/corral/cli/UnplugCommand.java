package corral.cli;

import corral.classes.Calls;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code corral unplug NAME}. */
@Command(
    name = "unplug",
    description =
        "Stop the instance bound to NAME (its stop hooks run), unbind NAME, revoke every cap of"
            + " the instance, and stop its driver host if no instance is left in it.")
final class UnplugCommand implements Callable<Integer> {
  @Mixin KernelOptions kernel;

  @Parameters(index = "0", paramLabel = "NAME", description = "the bound name, e.g. /dev/disk0")
  String name;

  @Override
  public Integer call() {
    kernel.admin(
        admin -> {
          Calls.await(admin.unplug(p -> p.setName(name)), 60).close();
          return null;
        });
    return 0;
  }
}
