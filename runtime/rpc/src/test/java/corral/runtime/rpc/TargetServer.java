package corral.runtime.rpc;

import java.io.IOException;
import java.time.Duration;
import org.capnproto.AnyPointer;
import org.capnproto.Data;

/**
 * A server process for attacks and fuzzing: a {@link Vat} listening on the unix socket given as the
 * first argument, offering one object with three methods of interface {@link #IFACE}: 0, the null
 * call (empty results), 1, echo (results are the params' content, a {@code Data}), and 2, hang
 * (never returns). Further arguments set limits ({@code frameTimeoutMs=}, {@code maxConnections=},
 * {@code memoryBudgetBytes=}, {@code maxAnswers=}). Prints {@code listening} once it accepts, and
 * exits when its standard input ends.
 */
public final class TargetServer {
  /** The interface id of the object it offers. */
  public static final long IFACE = 0x7a46_e7ba_d0c0_ffeeL;

  private TargetServer() {}

  /** The object {@link TargetServer} offers; concurrent. */
  static final class Target extends Server {
    Target() {
      super(true);
    }

    @Override
    protected void dispatch(long interfaceId, short methodId, CallContext context)
        throws Exception {
      switch (methodId) {
        case 0 -> {}
        case 1 -> {
          AnyPointer.Reader p = context.params();
          if (!p.isNull()) {
            context.results().setAs(Data.factory, p.getAs(Data.factory));
          }
        }
        default -> throw RpcException.unimplemented("method " + methodId + " of the target");
      }
    }
  }

  public static void main(String[] args) throws IOException {
    RpcLimits limits = RpcLimits.DEFAULT;
    for (int i = 1; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      long v = Long.parseLong(kv[1]);
      limits =
          switch (kv[0]) {
            case "frameTimeoutMs" -> limits.withFrameTimeout(Duration.ofMillis(v));
            case "maxConnections" -> limits.withMaxConnections((int) v);
            case "memoryBudgetBytes" -> limits.withMemoryBudgetBytes(v);
            case "maxAnswers" -> limits.withMaxAnswers((int) v);
            default -> throw new IllegalArgumentException("unknown limit " + kv[0]);
          };
    }
    try (Vat vat = new Vat(1, limits, EventLoopFailure.EXIT);
        Vat.Listener _ = vat.listen("unix:" + args[0], () -> Client.of(new Target()))) {
      System.out.println("listening");
      System.out.flush();
      System.in.transferTo(java.io.OutputStream.nullOutputStream());
    }
  }
}
