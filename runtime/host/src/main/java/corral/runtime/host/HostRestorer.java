package corral.runtime.host;

import corral.runtime.cap.CapSchema;
import corral.runtime.cap.GatingRestorer;
import corral.runtime.rpc.Client;
import corral.runtime.rpc.RpcException;

/**
 * The bootstrap of a driver host's socket: the direct path. Restores a cap of an instance run here
 * against the host's keyring, through that instance's {@link GatingRestorer}; every other cap is
 * refused the same way ("capability refused"), after the same checks.
 */
final class HostRestorer extends CapSchema.Restorer.Server {
  private final HostedInstances instances;

  HostRestorer(HostedInstances instances) {
    super(true);
    this.instances = instances;
  }

  @Override
  protected void restore(
      CapSchema.Restorer.RestoreParams.Reader params,
      CapSchema.Restorer.RestoreResults.Builder results) {
    String text = params.hasCap() ? params.getCap().toString() : "";
    try (Client ref =
        instances
            .restorerFor(text)
            .restore(text)
            .orElseThrow(() -> RpcException.failed(GatingRestorer.REFUSED))) {
      results.setRef(ref);
    }
  }
}
