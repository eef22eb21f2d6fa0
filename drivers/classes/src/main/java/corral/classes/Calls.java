package corral.classes;

import corral.runtime.rpc.Pipeline;
import corral.runtime.rpc.RpcException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for a call's results with a bound, throwing the RPC engine's one exception: the one place
 * the client library, the kernel and the CLI wait on a {@link Pipeline} with a timeout.
 */
public final class Calls {
  private Calls() {}

  /**
   * Waits at most {@code seconds} for {@code call} and returns it, answered: {@code join()} then
   * returns its results at once. The caller closes it (it owns the results and what they hold).
   *
   * @throws RpcException as the call failed; {@code disconnected} if no answer came in time (the
   *     call is then canceled and closed)
   */
  public static <P extends Pipeline<?>> P await(P call, long seconds) {
    try {
      call.get(seconds, TimeUnit.SECONDS);
      return call;
    } catch (TimeoutException e) {
      call.cancel();
      call.close();
      throw RpcException.disconnected("no answer within " + seconds + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      call.close();
      throw RpcException.disconnected("interrupted while waiting for an answer");
    } catch (RpcException e) {
      call.close();
      throw e;
    }
  }

  /** Waits for {@code call} (at most 30 s) and closes it: for calls without results. */
  public static void run(Pipeline<?> call) {
    await(call, 30).close();
  }

  /**
   * Sends {@code call} without waiting: it is closed when answered, and {@code onFailure} is told
   * (never on an event loop) if it fails.
   */
  public static void forget(Pipeline<?> call, java.util.function.Consumer<RpcException> onFailure) {
    call.whenComplete(
        (results, error) -> {
          call.close();
          if (error != null) {
            onFailure.accept(error);
          }
        });
  }
}
