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

/** {@code corral sim attach MODEL [--id ID] [--set k=v] | sim detach ID}: the simulated bus. */
@Command(
    name = "sim",
    description =
        "Device arrival on the simulated bus: a driver whose match rule names the model is plugged"
            + " on attach, under its rule's name template, and unplugged on detach.",
    subcommands = {SimCommand.Attach.class, SimCommand.Detach.class})
final class SimCommand {
  @Command(
      name = "attach",
      description = "A device of MODEL arrives; prints its id and the name plugged for it.")
  static final class Attach implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin KernelOptions kernel;

    @Parameters(index = "0", paramLabel = "MODEL", description = "the device model")
    String model;

    @Option(
        names = "--id",
        paramLabel = "ID",
        description = "the device's id (default: MODEL + a number)")
    String id = "";

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "a property of the device")
    List<String> set = List.of();

    @Option(names = "--json", description = "print {id, name, driver} as JSON")
    boolean json;

    @Override
    public Integer call() {
      var settings = PlugCommand.settings(set);
      String out =
          kernel.admin(
              admin -> {
                try (var r =
                    Calls.await(
                        admin.attach(
                            p -> {
                              p.setModel(model);
                              p.setId(id);
                              KernelWire.writeSettings(settings, p::initSettings);
                            }),
                        120)) {
                  var d = r.join();
                  return json
                      ? Json.write(
                          java.util.Map.of(
                              "id", d.getId().toString(),
                              "name", d.getName().toString(),
                              "driver", d.getDriver().toString()))
                      : d.getId() + " " + d.getName();
                }
              });
      spec.commandLine().getOut().println(out);
      return 0;
    }
  }

  @Command(
      name = "detach",
      description = "The device ID leaves; the instance plugged for it is unplugged.")
  static final class Detach implements Callable<Integer> {
    @Mixin KernelOptions kernel;

    @Parameters(index = "0", paramLabel = "ID", description = "the device's id")
    String id;

    @Override
    public Integer call() {
      kernel.admin(
          admin -> {
            Calls.await(admin.detach(p -> p.setId(id)), 60).close();
            return null;
          });
      return 0;
    }
  }
}
