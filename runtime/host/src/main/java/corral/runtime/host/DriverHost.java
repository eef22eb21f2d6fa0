package corral.runtime.host;

import corral.classes.Calls;
import corral.classes.KernelSchema.HostRegistry;
import corral.runtime.cap.ExecutorExpiryScheduler;
import corral.runtime.cap.GateSet;
import corral.runtime.cap.authority.FileAuditTrail;
import corral.runtime.cap.keyring.HostKeyring;
import corral.runtime.rpc.Client;
import corral.runtime.rpc.RpcConnection;
import corral.runtime.rpc.Vat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver host process: a JVM the kernel starts to run driver instances, and nothing else.
 *
 * <pre>
 *   kernel ──starts──▶ java … corral.runtime.host.DriverHost --id h1 --control unix:STATE/control.sock
 *                          --serve unix:STATE/hosts/h1.sock --audit STATE/hosts/h1.audit.log
 *          ──stdin: launch secret (hex), then held open──▶ host
 *   host: listen --serve (bootstrap: Restorer over the host's keyring: the direct path)
 *         connect --control ─▶ HostRegistry.hello(id, secret, serve address, HostControl) ─▶ ready
 *         kernel ─▶ HostControl.create / destroy / revoked / rekeyed / ping
 *   standard input at end of file, or the control channel closed ─▶ the kernel is gone: exit
 * </pre>
 *
 * The host never outlives its kernel: a killed kernel closes the host's standard input (a pipe) and
 * its control connection, and the host stops its instances and exits. Exit status 0 on such an end,
 * 2 for bad arguments, 1 when the kernel refuses it or cannot be reached.
 */
public final class DriverHost {
  private static final Logger log = LoggerFactory.getLogger(DriverHost.class);

  private DriverHost() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i], args[i + 1]);
    }
    if (opts.containsKey("--train")) {
      System.exit(train(Path.of(opts.get("--train"))));
    }
    for (String required : new String[] {"--id", "--control", "--serve", "--audit"}) {
      if (!opts.containsKey(required)) {
        System.err.println(
            "corral driver host: missing "
                + required
                + " (usage: --id ID --control ADDRESS --serve ADDRESS --audit FILE;"
                + " the launch secret on standard input)");
        System.exit(2);
      }
    }
    BufferedReader stdin =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
    String secret = stdin.readLine();
    if (secret == null || secret.isBlank()) {
      System.err.println("corral driver host: no launch secret on standard input");
      System.exit(2);
    }
    System.exit(run(opts, HexFormat.of().parseHex(secret.strip()), stdin));
  }

  /**
   * The training run for the host's AOT cache ({@code -XX:AOTCacheOutput}): goes through what a
   * host does when it starts — the vat, both sockets, the keyring, the generated schemas, a restore
   * (refused) and a control call over real connections — in {@code dir}, then exits.
   */
  private static int train(Path dir) throws Exception {
    InstantSource clock = InstantSource.system();
    ScheduledExecutorService timers =
        Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());
    try (FileAuditTrail audit = new FileAuditTrail(dir.resolve("train.audit.log"), clock);
        Vat vat = new Vat(1)) {
      HostKeyring keyring = new HostKeyring(clock, audit);
      GateSet gates = new GateSet();
      keyring.addRevocationListener(gates);
      HostedInstances instances =
          new HostedInstances(
              keyring, gates, audit, new ExecutorExpiryScheduler(timers, clock), clock);
      HostRestorer restorer = new HostRestorer(instances);
      ControlEndpoint control = new ControlEndpoint(instances, keyring);
      try (Vat.Listener serve =
              vat.listen("unix:" + dir.resolve("serve.sock"), () -> Client.of(restorer));
          Vat.Listener ctl =
              vat.listen("unix:" + dir.resolve("control.sock"), () -> Client.of(control))) {
        for (int i = 0; i < 20; i++) {
          RpcConnection a = vat.connect(serve.address(), null).get(10, TimeUnit.SECONDS);
          RpcConnection b = vat.connect(ctl.address(), null).get(10, TimeUnit.SECONDS);
          try (corral.runtime.cap.CapSchema.Restorer.Client r =
                  new corral.runtime.cap.CapSchema.Restorer.Client(a.bootstrap());
              corral.classes.KernelSchema.HostControl.Client c =
                  new corral.classes.KernelSchema.HostControl.Client(b.bootstrap())) {
            try {
              Calls.run(r.restore(p -> p.setCap("corral1:AAAA")));
            } catch (RuntimeException refused) {
              // expected: the training only walks the path
            }
            Calls.run(c.ping(p -> {}));
          } finally {
            a.close();
            b.close();
          }
        }
      }
    } finally {
      timers.shutdownNow();
    }
    return 0;
  }

  private static int run(Map<String, String> opts, byte[] launchSecret, BufferedReader stdin)
      throws IOException {
    String id = opts.get("--id");
    InstantSource clock = InstantSource.system();
    ScheduledExecutorService timers =
        Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());
    try (FileAuditTrail audit = new FileAuditTrail(Path.of(opts.get("--audit")), clock);
        Vat vat = new Vat(1)) {
      HostKeyring keyring = new HostKeyring(clock, audit);
      GateSet gates = new GateSet();
      keyring.addRevocationListener(gates);
      HostedInstances instances =
          new HostedInstances(
              keyring, gates, audit, new ExecutorExpiryScheduler(timers, clock), clock);
      HostRestorer restorer = new HostRestorer(instances);
      Vat.Listener serve = vat.listen(opts.get("--serve"), () -> Client.of(restorer));
      ControlEndpoint control = new ControlEndpoint(instances, keyring);
      RpcConnection kernel;
      try {
        kernel = vat.connect(opts.get("--control"), null).get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        log.error(
            "host {} cannot reach the kernel at {}: {}", id, opts.get("--control"), e.toString());
        return 1;
      }
      try (HostRegistry.Client registry = new HostRegistry.Client(kernel.bootstrap())) {
        Calls.run(
            registry.hello(
                p -> {
                  p.setHostId(id);
                  p.setLaunchSecret(launchSecret);
                  p.setAddress(serve.address());
                  p.setControl(control);
                }));
      } catch (RuntimeException e) {
        log.error("host {}: the kernel refused it: {}", id, e.getMessage());
        return 1;
      }
      log.info("host {} ready, serving at {}", id, serve.address());
      CompletableFuture<String> end = new CompletableFuture<>();
      kernel.closed().whenComplete((e, t) -> end.complete("the kernel closed the control channel"));
      Thread.ofPlatform()
          .daemon()
          .name("stdin")
          .start(
              () -> {
                try {
                  while (stdin.readLine() != null) {
                    // nothing is sent after the launch secret; wait for the end
                  }
                } catch (IOException e) {
                  // the same as the end
                }
                end.complete("the kernel's end of standard input closed");
              });
      String why = end.join();
      log.info("host {} stopping: {}", id, why);
      serve.close();
      instances.destroyAll();
      return 0;
    } finally {
      timers.shutdownNow();
    }
  }
}
