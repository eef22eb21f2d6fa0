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

    @Option(
        names = "--window",
        paramLabel = "NAME=SIZE",
        description =
            "a register window of the device, SIZE bytes (K, M, G suffixes): the file"
                + " STATE/devices/ID/NAME, granted as ID/NAME")
    List<String> windows = List.of();

    @Option(
        names = "--event",
        paramLabel = "NAME",
        description =
            "an event line of the device: the doorbell STATE/devices/ID/NAME.bell, raised through"
                + " NAME.sock, granted as ID/NAME")
    List<String> events = List.of();

    @Option(names = "--json", description = "print {id, name, driver, directory} as JSON")
    boolean json;

    @Override
    public Integer call() {
      var settings = PlugCommand.settings(set);
      java.util.Map<String, Long> resources = new java.util.LinkedHashMap<>();
      for (String w : windows) {
        int eq = w.indexOf('=');
        long size = eq < 0 ? -1 : size(w.substring(eq + 1));
        if (size < 1) {
          throw new picocli.CommandLine.ParameterException(
              spec.commandLine(), "--window " + w + ": expected NAME=SIZE, SIZE at least 1 byte");
        }
        resources.put(w.substring(0, eq), size);
      }
      for (String e : events) {
        resources.put(e, 0L);
      }
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
                              var list = p.initResources(resources.size());
                              int i = 0;
                              for (var res : resources.entrySet()) {
                                list.get(i).setName(res.getKey());
                                list.get(i++).setLength(res.getValue());
                              }
                            }),
                        120)) {
                  var d = r.join();
                  return json
                      ? Json.write(
                          java.util.Map.of(
                              "id", d.getId().toString(),
                              "name", d.getName().toString(),
                              "driver", d.getDriver().toString(),
                              "directory", d.getDirectory().toString()))
                      : d.getId() + " " + d.getName();
                }
              });
      spec.commandLine().getOut().println(out);
      return 0;
    }
  }

  /** {@code 4096}, {@code 4K}, {@code 1M}, {@code 1G}; -1 when malformed. */
  static long size(String text) {
    if (!text.matches("[0-9]{1,10}[KMG]?")) {
      return -1;
    }
    char unit = text.charAt(text.length() - 1);
    int shift = unit == 'K' ? 10 : unit == 'M' ? 20 : unit == 'G' ? 30 : 0;
    String digits = shift == 0 ? text : text.substring(0, text.length() - 1);
    return Long.parseLong(digits) << shift;
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
