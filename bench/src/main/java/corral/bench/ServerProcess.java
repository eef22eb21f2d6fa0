package corral.bench;

import corral.bench.schema.BenchSchema.Bench;
import corral.runtime.rpc.RpcLimits;
import corral.runtime.rpc.Vat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * A benchmark server, as its own JVM process started by {@link RpcBench}:
 *
 * <pre>
 *   ServerProcess raw    unix:/path.sock    RawSocketServer
 *   ServerProcess corral unix:/path.sock [maxConnections=N,frameTimeoutMs=N]
 *                                           BenchService on a Vat of one event loop
 *   ServerProcess corral-default unix:/path.sock [...]
 *                                           the same, without declaring it non-blocking
 * </pre>
 *
 * Prints {@code ready} once listening, and exits when its standard input closes, so a server never
 * outlives the harness that started it.
 */
public final class ServerProcess {
  private ServerProcess() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2 || args.length > 3 || !args[1].startsWith("unix:")) {
      System.err.println("usage: ServerProcess raw|corral unix:/path.sock [LIMIT=N,...]");
      System.exit(2);
    }
    RpcLimits limits = RpcLimits.DEFAULT;
    for (String setting : args.length == 3 ? args[2].split(",") : new String[0]) {
      String[] kv = setting.split("=", 2);
      long n = Long.parseLong(kv[1]);
      limits =
          switch (kv[0]) {
            case "maxConnections" -> limits.withMaxConnections((int) n);
            case "frameTimeoutMs" -> limits.withFrameTimeout(java.time.Duration.ofMillis(n));
            default -> throw new IllegalArgumentException("unknown limit " + kv[0]);
          };
    }
    RpcLimits chosen = limits;
    String address = args[1];
    AutoCloseable server =
        switch (args[0]) {
          case "raw" -> new RawSocketServer(Path.of(address.substring("unix:".length())));
          case "corral", "corral-default" -> {
            Vat vat = new Vat(1, chosen, corral.runtime.rpc.EventLoopFailure.EXIT);
            BenchService service = new BenchService(args[0].equals("corral"));
            Vat.Listener listener = vat.listen(address, () -> Bench.Client.of(service));
            yield () -> {
              listener.close();
              vat.close();
            };
          }
          default -> throw new IllegalArgumentException("unknown server kind " + args[0]);
        };
    System.out.println("ready");
    System.out.flush();
    waitForEndOfInput(System.in);
    server.close();
    System.exit(0);
  }

  static void waitForEndOfInput(InputStream in) {
    try {
      while (in.read() >= 0) {
        // input is ignored; only its end matters
      }
    } catch (IOException e) {
      // treated as the end
    }
  }
}
