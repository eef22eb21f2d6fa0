package corral.runtime.kernel;

import corral.classes.KernelSchema.HostRegistry;
import corral.runtime.rpc.RpcException;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bootstrap of the kernel's control socket: hosts the kernel launched say hello here with their
 * one-time launch secret. Each secret is good for one hello, of one host id; a wrong one is refused
 * and the launch it would have claimed stays pending (it ends by its timeout).
 */
final class HostRegistryEndpoint extends HostRegistry.Server {
  private record Launch(byte[] secret, CompletableFuture<ProcessDriverHost.Hello> ready) {}

  private final Map<String, Launch> pending = new ConcurrentHashMap<>();

  HostRegistryEndpoint() {
    super(true);
  }

  /** Expects host {@code id} to say hello with {@code secret} (copied); completes when it does. */
  CompletableFuture<ProcessDriverHost.Hello> expect(String id, byte[] secret) {
    CompletableFuture<ProcessDriverHost.Hello> ready = new CompletableFuture<>();
    pending.put(id, new Launch(secret.clone(), ready));
    return ready;
  }

  /** Stops expecting host {@code id}: a late hello is refused. */
  void forget(String id) {
    pending.remove(id);
  }

  @Override
  protected void hello(
      HostRegistry.HelloParams.Reader params, HostRegistry.HelloResults.Builder r) {
    String id = params.getHostId().toString();
    Launch l = pending.get(id);
    byte[] presented = params.getLaunchSecret().toArray();
    if (l == null || !MessageDigest.isEqual(l.secret(), presented) || !pending.remove(id, l)) {
      throw RpcException.failed("unknown launch");
    }
    l.ready()
        .complete(new ProcessDriverHost.Hello(params.getAddress().toString(), params.getControl()));
  }
}
