package corral.cli;

import corral.runtime.cap.Capability;
import corral.runtime.cap.Grant;
import corral.runtime.cap.InterfaceCatalog;
import corral.runtime.cap.MethodSet;
import corral.runtime.cap.Rights;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * Turns {@code --methods} items into grants of a capability's interfaces. An item is a method name,
 * looked up in the catalog among the interfaces the cap grants; or an ordinal ({@code 3} or
 * {@code @3}), which needs the interface to be unambiguous (the cap grants one, or {@code
 * --interface} names one). Either may be qualified: {@code Name.method}, {@code 0xID.@3}.
 */
final class Methods {
  private Methods() {}

  static List<Grant> resolve(
      List<String> items, Rights rights, InterfaceCatalog catalog, String interfaceOption) {
    List<Long> granted = rights.grants().stream().map(Grant::interfaceId).toList();
    Long only = interfaceOption == null ? null : interfaceId(interfaceOption, granted, catalog);
    Map<Long, TreeSet<Integer>> chosen = new LinkedHashMap<>();
    for (String raw : items) {
      String item = raw.strip();
      if (item.isEmpty()) {
        throw new Corral.BadInput(
            "--methods has an empty item in '" + String.join(",", items) + "'");
      }
      Long iface = only;
      String method = item;
      int dot = item.lastIndexOf('.');
      if (dot > 0) {
        iface = interfaceId(item.substring(0, dot), granted, catalog);
        method = item.substring(dot + 1);
      }
      int ordinal;
      String digits = method.startsWith("@") ? method.substring(1) : method;
      if (!digits.isEmpty() && digits.chars().allMatch(Character::isDigit)) {
        if (iface == null) {
          if (granted.size() != 1) {
            throw new Corral.BadInput(
                "method ordinal '"
                    + item
                    + "' is ambiguous: the cap grants "
                    + granted.size()
                    + " interfaces; qualify it (e.g. "
                    + Capability.hexId(granted.getFirst())
                    + ".@"
                    + digits
                    + ") or give --interface");
          }
          iface = granted.getFirst();
        }
        ordinal = Integer.parseInt(digits.length() > 6 ? "999999" : digits);
        if (ordinal > MethodSet.MAX_ORDINAL) {
          throw new Corral.BadInput(
              "method ordinal " + digits + " is above " + MethodSet.MAX_ORDINAL);
        }
      } else {
        List<Long> candidates = iface == null ? granted : List.of(iface);
        List<long[]> found = new ArrayList<>();
        for (long id : candidates) {
          OptionalInt o = catalog.methodOrdinal(id, method);
          if (o.isPresent()) {
            found.add(new long[] {id, o.getAsInt()});
          }
        }
        if (found.isEmpty()) {
          throw new Corral.BadInput(unknownMethod(method, candidates, catalog));
        }
        if (found.size() > 1) {
          throw new Corral.BadInput(
              "method '"
                  + method
                  + "' is in more than one granted interface; qualify it as INTERFACE."
                  + method);
        }
        iface = found.getFirst()[0];
        ordinal = (int) found.getFirst()[1];
      }
      if (!rights.methods(iface).contains(ordinal)) {
        throw new Corral.BadInput(
            "method "
                + describe(catalog, iface, ordinal)
                + " is not granted by the cap, which grants "
                + Inspect.methods(catalog, iface, rights.methods(iface))
                + " of "
                + Inspect.interfaceName(catalog, iface));
      }
      chosen.computeIfAbsent(iface, k -> new TreeSet<>()).add(ordinal);
    }
    List<Grant> out = new ArrayList<>();
    chosen.forEach((id, ords) -> out.add(new Grant(id, MethodSet.of(ords))));
    return out;
  }

  private static String describe(InterfaceCatalog catalog, long iface, int ordinal) {
    return catalog
        .methodName(iface, ordinal)
        .map(n -> n + " (@" + ordinal + ")")
        .orElse("@" + ordinal);
  }

  private static String unknownMethod(
      String method, List<Long> candidates, InterfaceCatalog catalog) {
    List<String> known = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (long id : candidates) {
      catalog
          .find(id)
          .ifPresentOrElse(
              e -> known.add(e.name() + " (" + String.join(", ", e.methodNames()) + ")"),
              () -> unknown.add(Capability.hexId(id)));
    }
    StringBuilder sb =
        new StringBuilder("no granted interface has a method named '" + method + "'");
    if (!known.isEmpty()) {
      sb.append("; known: ").append(String.join("; ", known));
    }
    if (!unknown.isEmpty()) {
      sb.append("; interface ")
          .append(String.join(", ", unknown))
          .append(unknown.size() == 1 ? " is" : " are")
          .append(
              " not known to this command, so give its methods as ordinals (e.g. --methods 0,2)");
    }
    return sb.toString();
  }

  private static long interfaceId(String text, List<Long> granted, InterfaceCatalog catalog) {
    for (long id : granted) {
      if (catalog.find(id).map(e -> e.name().equals(text)).orElse(false)) {
        return id;
      }
    }
    Long id = null;
    try {
      if (text.startsWith("0x")) {
        id = Long.parseUnsignedLong(text.substring(2), 16);
      }
    } catch (NumberFormatException e) {
      id = null;
    }
    if (id == null || !granted.contains(id)) {
      throw new Corral.BadInput(
          "interface '"
              + text
              + "' is not granted by the cap, which grants "
              + granted.stream().map(g -> Inspect.interfaceName(catalog, g)).toList());
    }
    return id;
  }
}
