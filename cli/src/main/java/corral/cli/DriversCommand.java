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

/** {@code corral drivers [--json]}. */
@Command(
    name = "drivers",
    description =
        "List the drivers the kernel found: what each is, the interfaces its instances offer, its"
            + " configuration keys (type, default, meaning) and the resources it needs.")
final class DriversCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin KernelOptions kernel;

  @Option(names = "--json", description = "print a JSON list")
  boolean json;

  @Override
  public Integer call() {
    List<Map<String, Object>> drivers =
        kernel.admin(
            admin -> {
              try (var r = Calls.await(admin.drivers(p -> {}), 30)) {
                List<Map<String, Object>> out = new ArrayList<>();
                for (KernelSchema.DriverInfo.Reader d : r.join().getDrivers()) {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("name", d.getName().toString());
                  m.put("summary", d.getSummary().toString());
                  m.put("interfaces", texts(d.getInterfaces()));
                  List<Map<String, Object>> keys = new ArrayList<>();
                  for (KernelSchema.ConfigKey.Reader k : d.getConfig()) {
                    Map<String, Object> km = new LinkedHashMap<>();
                    km.put("key", k.getKey().toString());
                    km.put("type", k.getType().toString());
                    km.put("default", k.getRequired() ? null : k.getDefault().toString());
                    km.put("help", k.getHelp().toString());
                    keys.add(km);
                  }
                  m.put("config", keys);
                  m.put("resources", texts(d.getResources()));
                  m.put("source", d.getSource().toString());
                  out.add(m);
                }
                return out;
              }
            });
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.write(drivers));
      return 0;
    }
    for (Map<String, Object> d : drivers) {
      out.printf("%s  %s%n", d.get("name"), d.get("summary"));
      out.printf("    offers %s%n", String.join(", ", strings(d.get("interfaces"))));
      for (Object o : (List<?>) d.get("config")) {
        Map<?, ?> k = (Map<?, ?>) o;
        out.printf(
            "    %-12s %-8s %-14s %s%n",
            k.get("key"),
            k.get("type"),
            k.get("default") == null ? "(required)" : "default " + k.get("default"),
            k.get("help"));
      }
      List<String> res = strings(d.get("resources"));
      out.printf("    needs %s%n", res.isEmpty() ? "no resources" : String.join(", ", res));
    }
    return 0;
  }

  static List<String> texts(org.capnproto.TextList.Reader list) {
    List<String> out = new ArrayList<>();
    for (var t : list) {
      out.add(t.toString());
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Object o) {
    return (List<String>) o;
  }
}
