package corral.naming;

import java.util.Objects;

/**
 * Where an instance is served: the kernel that owns it and the driver host (within that kernel)
 * that runs it. Both are names chosen by the kernel, e.g. {@code kernel="node1"}, {@code
 * host="uart-group"}.
 */
public record Location(String kernel, String host) {
  public Location {
    Objects.requireNonNull(kernel, "kernel");
    Objects.requireNonNull(host, "host");
  }
}
