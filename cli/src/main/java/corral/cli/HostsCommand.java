package corral.cli;

import corral.classes.Calls;
import corral.classes.KernelSchema;
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
import picocli.CommandLine.Spec;

/** {@code corral hosts [--json]}. */
@Command(
    name = "hosts",
    description =
        "List the driver hosts: id, group, process id, state (starting, running, restarting,"
            + " failed), restarts so far, and the instances each runs.")
final class HostsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin KernelOptions kernel;

  @Option(names = "--json", description = "print a JSON list")
  boolean json;

  @Override
  public Integer call() {
    List<Map<String, Object>> hosts =
        kernel.admin(
            admin -> {
              try (var r = Calls.await(admin.hosts(p -> {}), 30)) {
                List<Map<String, Object>> out = new ArrayList<>();
                for (KernelSchema.HostInfo.Reader h : r.join().getHosts()) {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("id", h.getId().toString());
                  m.put("group", h.getGroup().toString());
                  m.put("pid", h.getPid());
                  m.put("state", h.getState().toString());
                  m.put("restarts", h.getRestarts());
                  m.put("address", h.getAddress().toString());
                  m.put("instances", DriversCommand.texts(h.getInstances()));
                  out.add(m);
                }
                return out;
              }
            });
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.write(hosts));
      return 0;
    }
    out.printf(
        "%-10s %-10s %-8s %-10s %-8s %s%n",
        "HOST", "GROUP", "PID", "STATE", "RESTARTS", "INSTANCES");
    for (Map<String, Object> h : hosts) {
      @SuppressWarnings("unchecked")
      List<String> names = (List<String>) h.get("instances");
      out.printf(
          "%-10s %-10s %-8s %-10s %-8s %s%n",
          h.get("id"),
          h.get("group").toString().isEmpty() ? "-" : h.get("group"),
          h.get("pid"),
          h.get("state"),
          h.get("restarts"),
          String.join(" ", names));
    }
    return 0;
  }
}
