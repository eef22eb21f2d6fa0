package corral.cli;

import corral.runtime.cap.Capability;
import corral.runtime.cap.InterfaceCatalog;
import corral.runtime.cap.MethodSet;
import java.util.stream.Collectors;

/**
 * How the CLI names interfaces and methods: by catalog name where known, else by id and ordinal.
 */
final class Inspect {
  private Inspect() {}

  static String interfaceName(InterfaceCatalog catalog, long id) {
    return catalog
        .find(id)
        .map(e -> e.name() + " (" + Capability.hexId(id) + ")")
        .orElse(Capability.hexId(id));
  }

  static String methods(InterfaceCatalog catalog, long id, MethodSet methods) {
    return methods
        .ordinals()
        .mapToObj(o -> catalog.methodName(id, o).map(n -> n + " @" + o).orElse("@" + o))
        .collect(Collectors.joining(", ", "{", "}"));
  }
}
