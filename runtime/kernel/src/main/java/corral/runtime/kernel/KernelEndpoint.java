package corral.runtime.kernel;

import corral.classes.KernelSchema.Kernel;
import corral.runtime.cap.GatingRestorer;
import corral.runtime.rpc.Client;
import corral.runtime.rpc.RpcException;

/**
 * The bootstrap of the kernel's socket: restores caps into references (the kernel's own admin
 * instance here, driver instances relayed to their host) and tells clients where instances are
 * served, for the direct path.
 */
final class KernelEndpoint extends Kernel.Server {
  private final DeviceManager devices;
  private final GatingRestorer own;
  private final long adminInstance;
  private final corral.classes.NamingSchema.NameService.Client names;

  /**
   * @param own restores the caps of the instances the kernel serves itself (the admin instance)
   */
  KernelEndpoint(
      DeviceManager devices,
      GatingRestorer own,
      long adminInstance,
      corral.classes.NamingSchema.NameService.Client names) {
    super(true);
    this.names = names;
    this.devices = devices;
    this.own = own;
    this.adminInstance = adminInstance;
  }

  @Override
  protected void restore(
      Kernel.RestoreParams.Reader params, Kernel.RestoreResults.Builder results) {
    String text = params.getCap().toString();
    String where = devices.locate(text);
    try (Client ref =
        where.isEmpty()
            ? own.restore(text).orElseThrow(() -> RpcException.failed(GatingRestorer.REFUSED))
            : devices.relay(text)) {
      results.setRef(ref);
    }
  }

  /** The namespace with lookup, list and watch: what anyone may do. */
  @Override
  protected void names(Kernel.NamesParams.Reader params, Kernel.NamesResults.Builder results) {
    results.setNames(names);
  }

  @Override
  protected void locate(Kernel.LocateParams.Reader params, Kernel.LocateResults.Builder results) {
    String text = params.getCap().toString();
    results.setAddress(devices.locate(text));
    results.setInstanceId(
        corral.runtime.cap.Capability.parse(text)
                instanceof corral.runtime.cap.CapabilityText.Parsed p
            ? p.capability().instanceId()
            : adminInstance);
  }
}
