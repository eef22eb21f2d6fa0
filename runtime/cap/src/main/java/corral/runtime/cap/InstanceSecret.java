package corral.runtime.cap;

/**
 * The secret of one instance, as handed by the authority to the host serving that instance. Only
 * the authority (which makes them) and a host's keyring (which verifies with them) read its bytes;
 * {@link #toString()} does not show them, and nothing logs them.
 */
public final class InstanceSecret {
  private final long instanceId;
  private final byte[] secret;

  /** The secret {@code secret} (copied) of instance {@code instanceId}. */
  public InstanceSecret(long instanceId, byte[] secret) {
    this.instanceId = instanceId;
    this.secret = secret.clone();
  }

  public long instanceId() {
    return instanceId;
  }

  /** A copy of the secret's bytes: for the authority and a host's keyring, never for logs. */
  public byte[] bytes() {
    return secret.clone();
  }

  @Override
  public String toString() {
    return "InstanceSecret[instance=" + Capability.hexId(instanceId) + ", secret=(hidden)]";
  }
}
