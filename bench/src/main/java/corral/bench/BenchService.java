package corral.bench;

import corral.bench.schema.BenchSchema.Bench;

/**
 * The {@code Bench} interface served by Corral, on the generated skeleton: {@code ping} answers
 * with nothing, {@code echo} copies its data into the results. A default (non-concurrent) server,
 * so calls run one at a time on a virtual thread, as a driver's methods would.
 */
final class BenchService extends Bench.Server {
  @Override
  protected void ping(Bench.PingParams.Reader params, Bench.PingResults.Builder results) {}

  @Override
  protected void echo(Bench.EchoParams.Reader params, Bench.EchoResults.Builder results) {
    results.setData(params.getData());
  }
}
