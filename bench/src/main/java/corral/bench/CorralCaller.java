package corral.bench;

import corral.bench.schema.BenchSchema.Bench;
import corral.runtime.rpc.Results;
import corral.runtime.rpc.RpcConnection;
import corral.runtime.rpc.Vat;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

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
      return new CorralCaller(vat, connection, new Bench.Client(connection.bootstrap()));
    } catch (Exception e) {
      vat.close();
      throw e;
    }
  }

  /** Calls a {@link BenchService} in this process. */
  static CorralCaller local() {
    return new CorralCaller(null, null, Bench.Client.of(new BenchService()));
  }

  @Override
  public void ping() {
    // nothing to read: the null call's results are empty
    try (Results<Bench.PingResults.Reader> _ = bench.ping().join()) {}
  }

  @Override
  public long echo(int inFlight, long deadline, long maxCalls) throws Exception {
    Semaphore slots = new Semaphore(inFlight);
    AtomicLong answered = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long sent = 0;
    while (sent < maxCalls && System.nanoTime() < deadline && failure.get() == null) {
      if (!slots.tryAcquire(30, TimeUnit.SECONDS)) {
        throw new TimeoutException("no echo answered for 30 s, " + answered + " of " + sent);
      }
      bench
          .echo(p -> p.setData(payload))
          .whenComplete(
              (results, error) -> {
                try {
                  if (error != null) {
                    failure.compareAndSet(null, error);
                  } else {
                    try (results) {
                      int n = results.get().getData().size();
                      if (n != ECHO_BYTES) {
                        failure.compareAndSet(
                            null, new IllegalStateException("echo returned " + n + " bytes"));
                      }
                    }
                    answered.incrementAndGet();
                  }
                } finally {
                  slots.release();
                }
              });
      sent++;
    }
    if (!slots.tryAcquire(inFlight, 30, TimeUnit.SECONDS)) {
      throw new TimeoutException("echo calls still unanswered after 30 s");
    }
    if (failure.get() != null) {
      throw new IllegalStateException("echo failed: " + failure.get(), failure.get());
    }
    return answered.get();
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
