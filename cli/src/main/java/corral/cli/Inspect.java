package corral.cli;

import corral.runtime.cap.Capability;
import corral.runtime.cap.Caveat;
import corral.runtime.cap.Grant;
import corral.runtime.cap.InterfaceCatalog;
import corral.runtime.cap.MethodSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How the CLI names interfaces and methods: by catalog name where known, else by id and ordinal; in
 * text for people and as JSON values for {@code --json}.
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

  /** {@code AuthorityAdmin (0x…) {revoke @0, plug @2}}. */
  static String grant(InterfaceCatalog catalog, Grant g) {
    return interfaceName(catalog, g.interfaceId())
        + " "
        + methods(catalog, g.interfaceId(), g.methods());
  }

  /**
   * A cap as JSON: {@code instance} and {@code capId}, {@code grants} (what it grants now), {@code
   * expires} (an instant, or null) and {@code caveats} in the order they were added, each with a
   * {@code kind} ({@code allow} with its {@code grants}, {@code expiresAt} with {@code notAfter}).
   * A grant is {@code {"interface":"0x…","name":…,"methods":[{"ordinal":0,"name":…}]}}, where a
   * name the catalog does not know is null.
   */
  static Map<String, Object> json(InterfaceCatalog catalog, Capability c) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("instance", Capability.hexId(c.instanceId()));
    out.put("capId", c.id().toString());
    out.put("grants", json(catalog, c.rights().grants()));
    out.put("expires", c.rights().expiry().map(Object::toString).orElse(null));
    out.put(
        "caveats",
        c.caveats().stream()
            .map(
                cv ->
                    switch (cv) {
                      case Caveat.Allow a ->
                          object("kind", "allow", "grants", json(catalog, a.grants()));
                      case Caveat.ExpiresAt e ->
                          object("kind", "expiresAt", "notAfter", e.notAfter().toString());
                    })
            .toList());
    return out;
  }

  private static List<Map<String, Object>> json(InterfaceCatalog catalog, List<Grant> grants) {
    return grants.stream()
        .map(
            g ->
                object(
                    "interface",
                    Capability.hexId(g.interfaceId()),
                    "name",
                    catalog.find(g.interfaceId()).map(InterfaceCatalog.Entry::name).orElse(null),
                    "methods",
                    g.methods()
                        .ordinals()
                        .mapToObj(
                            o ->
                                object(
                                    "ordinal",
                                    o,
                                    "name",
                                    catalog.methodName(g.interfaceId(), o).orElse(null)))
                        .toList()))
        .toList();
  }

  /** An object of the given keys and values, in that order (values may be null). */
  static Map<String, Object> object(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }
}
