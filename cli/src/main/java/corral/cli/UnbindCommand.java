package corral.cli;

import corral.classes.Calls;
import corral.classes.NamingSchema.Status;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code corral unbind NAME}: remove an alias or an empty directory. */
@Command(
    name = "unbind",
    description = {
      "Remove NAME from the namespace: an alias (not its target) or an empty directory. An"
          + " instance's name is removed by unplugging the instance ('corral unplug NAME'), a"
          + " directory only once it holds no names. Needs the admin cap."
    })
final class UnbindCommand implements Callable<Integer> {
  @Mixin KernelOptions kernel;

  @Parameters(index = "0", paramLabel = "NAME", description = "the alias or directory")
  String name;

  @Override
  public Integer call() {
    kernel.adminNames(
        names -> {
          try (var r = Calls.await(names.unbind(p -> p.setName(name)), 30)) {
            NameNodes.expect(r.join().getResult(), Status.DONE);
          }
          return null;
        });
    return Corral.DONE;
  }
}
