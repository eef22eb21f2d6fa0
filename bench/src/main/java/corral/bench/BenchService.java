package corral.bench;

import corral.bench.schema.BenchSchema.Bench;

/**
 * The {@code Bench} interface served by Corral, on the generated skeleton: {@code ping} answers
 * with nothing, {@code echo} copies its data into the results. Calls run one at a time (E-order).
 * Both methods are non-blocking, so the service declares so ({@link #nonBlocking}): an idle service
 * answers on the event loop that received the call. With the environment variable {@code
 * CORRAL_BENCH_DISPATCH=virtual} (inherited by the processes the harness starts) it does not, and
 * calls run on a virtual thread, as a blocking driver's methods would.
 */
final class BenchService extends Bench.Server {
  private static final boolean ON_LOOP = !"virtual".equals(System.getenv("CORRAL_BENCH_DISPATCH"));

  @Override
  protected boolean nonBlocking() {
    return ON_LOOP;
  }

  @Override
  protected void ping(Bench.PingParams.Reader params, Bench.PingResults.Builder results) {}

  @Override
  protected void echo(Bench.EchoParams.Reader params, Bench.EchoResults.Builder results) {
    results.setData(params.getData());
  }
}
