package corral.classes;

import corral.runtime.rpc.Pipeline;
import corral.runtime.rpc.Results;
import corral.runtime.rpc.RpcException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for a call's results, throwing the RPC engine's one exception. (The one place the client
 * library and the kernel wait on a {@link Pipeline}: the client API is about to change.)
 */
public final class Calls {
  private Calls() {}

  /**
   * The results of {@code call} (the caller closes them), waiting at most {@code seconds}.
   *
   * @throws RpcException as the call failed; {@code disconnected} if no answer came in time
   */
  public static <R> Results<R> await(Pipeline<R> call, long seconds) {
    try {
      return call.get(seconds, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw RpcException.from(e.getCause());
    } catch (TimeoutException e) {
      call.cancel(true);
      throw RpcException.disconnected("no answer within " + seconds + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw RpcException.disconnected("interrupted while waiting for an answer");
    }
  }

  /** Waits for {@code call} (at most 30 s) and closes its results: for calls without results. */
  public static void run(Pipeline<?> call) {
    await(call, 30).close();
  }

  /**
   * Sends {@code call} without waiting: its results are closed when they come, and {@code
   * onFailure} is told (on a virtual thread) if it fails.
   */
  public static void forget(Pipeline<?> call, java.util.function.Consumer<RpcException> onFailure) {
    call.whenComplete(
        (results, error) -> {
          if (results != null) {
            results.close();
          } else {
            onFailure.accept(RpcException.from(error));
          }
        });
  }
}
