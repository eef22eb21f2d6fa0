package corral.runtime.cap;

/**
 * The secret of one instance, as handed by the authority to the host serving that instance. Opaque:
 * its bytes are reachable only inside this package, and {@link #toString()} does not show them.
 */
public final class InstanceSecret {
  private final long instanceId;
  private final byte[] secret;

  InstanceSecret(long instanceId, byte[] secret) {
    this.instanceId = instanceId;
    this.secret = secret.clone();
  }

  public long instanceId() {
    return instanceId;
  }

  byte[] bytes() {
    return secret.clone();
  }

  @Override
  public String toString() {
    return "InstanceSecret[instance=" + Capability.hexId(instanceId) + ", secret=(hidden)]";
  }
}
