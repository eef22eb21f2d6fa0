package corral.cli;

import corral.classes.Calls;
import corral.classes.KernelSchema;
import corral.classes.KernelWire;
import corral.runtime.cap.Capability;
import java.io.PrintWriter;
import java.util.ArrayList;
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

/**
 * {@code corral ls [PATH] [--json]}: the bound names (interim: the kernel's plain name map, until
 * the naming service lands with directories, aliases and watch).
 */
@Command(
    name = "ls",
    description =
        "List the bound names (under PATH, if given) with their instance, driver, host and state"
            + " (running, restarting, failed).")
final class LsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin KernelOptions kernel;

  @Parameters(index = "0", arity = "0..1", paramLabel = "PATH", description = "a name prefix")
  String path = "";

  @Option(names = "--json", description = "print a JSON list")
  boolean json;

  @Override
  public Integer call() {
    List<Map<String, Object>> names =
        kernel.admin(
            admin -> {
              try (var r = Calls.await(admin.instances(p -> {}), 30)) {
                List<Map<String, Object>> out = new ArrayList<>();
                for (KernelSchema.InstanceInfo.Reader i : r.join().getInstances()) {
                  if (!i.getName().toString().startsWith(path)) {
                    continue;
                  }
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("name", i.getName().toString());
                  m.put("instance", Capability.hexId(i.getInstanceId()));
                  m.put("driver", i.getDriver().toString());
                  m.put("host", i.getHost().toString());
                  m.put("state", i.getState().toString());
                  m.put("settings", KernelWire.settings(i.getSettings()));
                  out.add(m);
                }
                return out;
              }
            });
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.write(names));
      return 0;
    }
    out.printf("%-16s %-10s %-18s %-8s %s%n", "NAME", "DRIVER", "INSTANCE", "HOST", "STATE");
    for (Map<String, Object> n : names) {
      out.printf(
          "%-16s %-10s %-18s %-8s %s%n",
          n.get("name"), n.get("driver"), n.get("instance"), n.get("host"), n.get("state"));
    }
    return 0;
  }
}
