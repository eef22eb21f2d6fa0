package corral.cli;

import corral.classes.Calls;
import corral.classes.NamingSchema.Status;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code corral alias NAME TARGET}: a symbolic link in the namespace. */
@Command(
    name = "alias",
    description = {
      "Bind NAME as an alias to TARGET (a symbolic link: /dev/ttyS0 -> /dev/serial/by-id/x):"
          + " lookups, calls and listings through NAME reach TARGET. TARGET need not exist yet;"
          + " an alias that would make a loop, or a chain of more than 16 aliases, is refused.",
      "Remove it with 'corral unbind NAME'. Needs the admin cap."
    })
final class AliasCommand implements Callable<Integer> {
  @Mixin KernelOptions kernel;

  @Parameters(index = "0", paramLabel = "NAME", description = "the alias, e.g. /dev/disk")
  String name;

  @Parameters(index = "1", paramLabel = "TARGET", description = "what it points to")
  String target;

  @Override
  public Integer call() {
    kernel.adminNames(
        names -> {
          try (var r =
              Calls.await(
                  names.alias(
                      p -> {
                        p.setName(name);
                        p.setTarget(target);
                      }),
                  30)) {
            NameNodes.expect(r.join().getResult(), Status.DONE);
          }
          return null;
        });
    return Corral.DONE;
  }
}
