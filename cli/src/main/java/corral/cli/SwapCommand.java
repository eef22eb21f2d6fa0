package corral.cli;

import corral.classes.Calls;
import corral.classes.KernelWire;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code corral swap NAME DRIVER [--set k=v ...]}. */
@Command(
    name = "swap",
    description = {
      "Replace the instance bound to NAME by one of DRIVER, keeping its identity (its caps stay"
          + " valid): the old instance hands its state to the new one and stops. Live references"
          + " fail 'disconnected' and reach the new instance when their cap is restored again.",
      "Prints the host now running it."
    })
final class SwapCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin KernelOptions kernel;

  @Parameters(index = "0", paramLabel = "NAME", description = "the bound name")
  String name;

  @Parameters(index = "1", paramLabel = "DRIVER", description = "the new driver")
  String driver;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "a configuration value")
  List<String> set = List.of();

  @Override
  public Integer call() {
    var settings = PlugCommand.settings(set);
    String host =
        kernel.admin(
            admin -> {
              try (var r =
                  Calls.await(
                      admin.swap(
                          p -> {
                            p.setName(name);
                            p.setDriver(driver);
                            KernelWire.writeSettings(settings, p::initSettings);
                          }),
                      120)) {
                return r.join().getHost().toString();
              }
            });
    spec.commandLine().getOut().println(host);
    return 0;
  }
}
