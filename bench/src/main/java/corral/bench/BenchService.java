package corral.bench;

import corral.bench.schema.BenchSchema.Bench;

/**
 * The {@code Bench} interface served by Corral, on the generated skeleton: {@code ping} answers
 * with nothing, {@code echo} copies its data into the results. Calls run one at a time (E-order).
 * Both methods are non-blocking, so the service may declare so ({@link #nonBlocking}): an idle
 * service then answers on the event loop that received the call. Without the declaration it has the
 * default dispatch a driver has (see {@code corral.runtime.rpc.Server}).
 */
final class BenchService extends Bench.Server {
  private final boolean nonBlocking;

  /**
   * @param nonBlocking whether it declares so; if not it has the default dispatch, as a driver does
   */
  BenchService(boolean nonBlocking) {
    this.nonBlocking = nonBlocking;
  }

  @Override
  protected boolean nonBlocking() {
    return nonBlocking;
  }

  @Override
  protected void ping(Bench.PingParams.Reader params, Bench.PingResults.Builder results) {}

  @Override
  protected void echo(Bench.EchoParams.Reader params, Bench.EchoResults.Builder results) {
    results.setData(params.getData());
  }
}
