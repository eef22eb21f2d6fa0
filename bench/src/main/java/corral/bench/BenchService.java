package corral.bench;

import corral.bench.schema.BenchSchema.Bench;
import corral.runtime.rpc.CallContext;
import corral.runtime.rpc.Server;

/**
 * The {@code Bench} interface served by Corral: {@code ping} answers with nothing, {@code echo}
 * copies its data into the results. A plain (non-concurrent) server, so calls run one at a time on
 * a virtual thread, as a driver's methods would by default.
 */
final class BenchService extends Server {
  @Override
  protected void dispatch(long interfaceId, short methodId, CallContext context) {
    if (interfaceId != Bench.TYPE_ID) {
      throw unimplemented(interfaceId, methodId);
    }
    switch (methodId) {
      case Bench.METHOD_PING -> {}
      case Bench.METHOD_ECHO ->
          context
              .initResults(Bench.EchoResults.factory)
              .setData(context.params(Bench.EchoParams.factory).getData());
      default -> throw unimplemented(interfaceId, methodId);
    }
  }
}
