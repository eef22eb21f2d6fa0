package corral.runtime.component;

/**
 * The service a driver jar offers through {@link java.util.ServiceLoader}: list the implementing
 * class (public, with a public no-argument constructor) in {@code
 * META-INF/services/corral.runtime.component.DriverProvider}. The kernel reads the descriptor to
 * list, validate and plug the driver; the driver host reads it again to make instances.
 */
public interface DriverProvider {
  /** The driver's descriptor; called once per process that loads the driver. */
  Driver driver();
}
