package corral.cli;

import corral.classes.Calls;
import corral.classes.KernelSchema;
import corral.classes.KernelWire;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code corral plug DRIVER NAME [--group G] [--set k=v ...]}. */
@Command(
    name = "plug",
    description = {
      "Create an instance of DRIVER with its configuration, in a driver host of its own (or the"
          + " host of --group), bind NAME to it and print its owner cap (every method).",
      "Configuration is checked first: nothing is created when a key is unknown, a value is of"
          + " the wrong type or out of range, or a required key is missing ('corral drivers' lists"
          + " the keys)."
    })
final class PlugCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin KernelOptions kernel;

  @Parameters(index = "0", paramLabel = "DRIVER", description = "the driver ('corral drivers')")
  String driver;

  @Parameters(index = "1", paramLabel = "NAME", description = "the name to bind, e.g. /dev/disk0")
  String name;

  @Option(names = "--group", paramLabel = "G", description = "share the driver host of group G")
  String group = "";

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "a configuration value")
  List<String> set = List.of();

  @Option(
      names = "--jvm-option",
      paramLabel = "OPTION",
      description =
          "an option of the host JVM this plug starts (-Xmx64m, -XX:+UseZGC, -Dk=v); not for a"
              + " running group host")
  List<String> jvmOptions = List.of();

  @Option(
      names = "--restart-budget",
      paramLabel = "N",
      description =
          "restarts of the host this plug starts allowed within 10 minutes before it is failed"
              + " (default 5)")
  int restartBudget;

  @Option(names = "--json", description = "print {cap, instance, host} as JSON")
  boolean json;

  @Override
  public Integer call() {
    if (restartBudget < 0 || restartBudget > 1000) {
      throw new Corral.BadInput("--restart-budget " + restartBudget + ": must be 1 .. 1000");
    }
    Map<String, String> settings = settings(set);
    String out =
        kernel.admin(
            admin -> {
              try (var r =
                  Calls.await(
                      admin.plug(
                          p -> {
                            p.setDriver(driver);
                            p.setName(name);
                            p.setGroup(group);
                            KernelWire.writeSettings(settings, p::initSettings);
                            var options = p.initJvmOptions(jvmOptions.size());
                            for (int i = 0; i < jvmOptions.size(); i++) {
                              options.set(i, new org.capnproto.Text.Reader(jvmOptions.get(i)));
                            }
                            p.setRestartBudget(restartBudget);
                          }),
                      120)) {
                KernelSchema.KernelAdmin.PlugResults.Reader res = r.join();
                return json
                    ? Json.write(
                        Map.of(
                            "cap", res.getCap().toString(),
                            "instance", corral.runtime.cap.Capability.hexId(res.getInstanceId()),
                            "host", res.getHost().toString()))
                    : res.getCap().toString();
              }
            });
    spec.commandLine().getOut().println(out);
    return 0;
  }

  /** {@code --set} values as a map; the same key twice, or no '=', is bad input. */
  static Map<String, String> settings(List<String> set) {
    Map<String, String> settings = new LinkedHashMap<>();
    for (String s : set) {
      int eq = s.indexOf('=');
      if (eq <= 0) {
        throw new Corral.BadInput("--set " + s + ": expected KEY=VALUE");
      }
      if (settings.put(s.substring(0, eq), s.substring(eq + 1)) != null) {
        throw new Corral.BadInput("--set " + s + ": key " + s.substring(0, eq) + " is set twice");
      }
    }
    return settings;
  }
}
