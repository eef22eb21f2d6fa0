package corral.runtime.host;

import corral.classes.KernelSchema.HostControl;
import corral.classes.KernelWire;
import corral.runtime.cap.InstanceSecret;
import corral.runtime.cap.Revocation;
import corral.runtime.cap.keyring.HostKeyring;

/**
 * The host's side of its control channel: what the kernel tells it to do. Calls run concurrently,
 * so a heartbeat is answered while an instance is being created.
 */
final class ControlEndpoint extends HostControl.Server {
  private final HostedInstances instances;
  private final HostKeyring keyring;

  ControlEndpoint(HostedInstances instances, HostKeyring keyring) {
    super(true);
    this.instances = instances;
    this.keyring = keyring;
  }

  @Override
  protected void create(
      HostControl.CreateParams.Reader params, HostControl.CreateResults.Builder r) {
    instances.create(params.getInstance());
  }

  @Override
  protected void destroy(
      HostControl.DestroyParams.Reader params, HostControl.DestroyResults.Builder r) {
    instances.destroy(params.getInstanceId()).ifPresent(r::setHandOver);
  }

  @Override
  protected void revoked(
      HostControl.RevokedParams.Reader params, HostControl.RevokedResults.Builder r) {
    keyring.revoked(
        new Revocation.OfCap(
            params.getInstanceId(), KernelWire.capId(params.getCapId().toArray())));
  }

  @Override
  protected void rekeyed(
      HostControl.RekeyedParams.Reader params, HostControl.RekeyedResults.Builder r) {
    keyring.rekeyed(new InstanceSecret(params.getInstanceId(), params.getSecret().toArray()));
  }

  @Override
  protected void ping(HostControl.PingParams.Reader params, HostControl.PingResults.Builder r) {}
}
