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
 *
 * <p>An item that no cap could make right (empty, an ordinal above {@link MethodSet#MAX_ORDINAL})
 * is {@link Corral.BadUsage}; one this cap makes wrong (not granted, unknown, ambiguous) is {@link
 * Corral.BadInput}.
 */
final class Methods {
  private Methods() {}

  /**
   * One {@code --methods} item, split: {@code qualifier} is the interface before the last dot (or
   * null), and either {@code name} is a method name or {@code ordinal} ({@code >= 0}) an ordinal.
   */
  record Item(String text, String qualifier, String name, int ordinal) {}

  /** Splits the items, refusing those that no cap could make right. */
  static List<Item> parse(List<String> items) {
    List<Item> out = new ArrayList<>();
    for (String raw : items) {
      String item = raw.strip();
      if (item.isEmpty()) {
        throw new Corral.BadUsage(
            "--methods has an empty item in '" + String.join(",", items) + "'");
      }
      String qualifier = null;
      String method = item;
      int dot = item.lastIndexOf('.');
      if (dot > 0) {
        qualifier = item.substring(0, dot);
        method = item.substring(dot + 1);
      }
      String digits = method.startsWith("@") ? method.substring(1) : method;
      if (!digits.isEmpty() && digits.chars().allMatch(Character::isDigit)) {
        int ordinal = Integer.parseInt(digits.length() > 6 ? "999999" : digits);
        if (ordinal > MethodSet.MAX_ORDINAL) {
          throw new Corral.BadUsage(
              "method ordinal " + digits + " is above " + MethodSet.MAX_ORDINAL);
        }
        out.add(new Item(item, qualifier, null, ordinal));
      } else {
        out.add(new Item(item, qualifier, method, -1));
      }
    }
    return out;
  }

  /** The grants of {@code rights} that the items name, refusing what the cap does not grant. */
  static List<Grant> resolve(
      List<Item> items, Rights rights, InterfaceCatalog catalog, String interfaceOption) {
    List<Long> granted = rights.grants().stream().map(Grant::interfaceId).toList();
    Long only = interfaceOption == null ? null : interfaceId(interfaceOption, granted, catalog);
    Map<Long, TreeSet<Integer>> chosen = new LinkedHashMap<>();
    for (Item item : items) {
      Long iface = only;
      if (item.qualifier() != null) {
        iface = interfaceId(item.qualifier(), granted, catalog);
      }
      int ordinal = item.ordinal();
      if (item.name() == null) {
        if (iface == null) {
          if (granted.size() != 1) {
            throw new Corral.BadInput(
                "method ordinal '"
                    + item.text()
                    + "' is ambiguous: the cap grants "
                    + granted.size()
                    + " interfaces; qualify it (e.g. "
                    + Capability.hexId(granted.getFirst())
                    + ".@"
                    + ordinal
                    + ") or give --interface");
          }
          iface = granted.getFirst();
        }
      } else {
        String method = item.name();
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
