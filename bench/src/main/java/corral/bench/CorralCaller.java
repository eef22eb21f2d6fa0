package corral.bench;

import corral.bench.schema.BenchSchema.Bench;
import corral.runtime.rpc.Pipeline;
import corral.runtime.rpc.RpcConnection;
import corral.runtime.rpc.Vat;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Corral's client: calls through the generated stub ({@code Bench.Client.ping()}, {@code join()}),
 * either to a Corral or C++ server over a unix socket, or in-process to a {@link BenchService} (no
 * connection, no isolation). Owns its vat, connection and reference.
 */
final class CorralCaller implements Caller {
  private final Vat vat;
  private final RpcConnection connection;
  private final Bench.Client bench;
  private final byte[] payload = Caller.echoPayload();

  private CorralCaller(Vat vat, RpcConnection connection, Bench.Client bench) {
    this.vat = vat;
    this.connection = connection;
    this.bench = bench;
  }

  /** Connects to {@code address} with a vat of one event loop and takes its bootstrap. */
  static CorralCaller connect(String address) throws Exception {
    Vat vat = new Vat(1);
    try {
      RpcConnection connection = vat.connect(address, null).get(10, TimeUnit.SECONDS);
      return new CorralCaller(vat, connection, connection.bootstrap(Bench.Client::new));
    } catch (Exception e) {
      vat.close();
      throw e;
    }
  }

  /** Calls a {@link BenchService} in this process. */
  static CorralCaller local() {
    return new CorralCaller(null, null, Bench.Client.of(new BenchService(true)));
  }

  @Override
  public void ping() {
    // nothing to read: the null call's results are empty
    try (var call = bench.ping()) {
      call.join();
    }
  }

  /**
   * Keeps {@code inFlight} echo calls outstanding: sends until that many are, then waits for the
   * oldest (the waiting thread takes its answer from the event loop directly) and sends the next.
   */
  @Override
  public long echo(int inFlight, long deadline, long maxCalls) throws Exception {
    ArrayDeque<Pipeline<Bench.EchoResults.Reader>> window = new ArrayDeque<>(inFlight);
    long sent = 0;
    try {
      while (sent < maxCalls && System.nanoTime() < deadline) {
        if (window.size() == inFlight) {
          check(window.removeFirst());
        }
        window.addLast(bench.echo(p -> p.setData(payload)));
        sent++;
      }
      while (!window.isEmpty()) {
        check(window.removeFirst());
      }
    } finally {
      window.forEach(
          p -> {
            p.cancel(); // a call left unanswered by a failure
            p.close();
          });
    }
    return sent; // every call sent was answered and checked, or check threw
  }

  /** Waits for one echo call and checks its length. */
  private static void check(Pipeline<Bench.EchoResults.Reader> call) throws Exception {
    try (call) {
      int n = call.get(30, TimeUnit.SECONDS).getData().size();
      if (n != ECHO_BYTES) {
        throw new IllegalStateException("echo returned " + n + " bytes");
      }
    } catch (TimeoutException e) {
      throw new TimeoutException("an echo call was not answered within 30 s");
    }
  }

  @Override
  public void close() {
    bench.close();
    if (connection != null) {
      connection.close();
    }
    if (vat != null) {
      vat.close();
    }
  }
}
