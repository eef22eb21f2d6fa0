package corral.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.classes.Calls;
import corral.classes.KernelClient;
import corral.classes.KernelSchema;
import corral.naming.NameStores;
import corral.naming.rpc.StoreNameService;
import corral.runtime.rpc.RpcException;
import corral.runtime.rpc.Vat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A driver host that cannot start fails the plug with a message saying why, and leaves nothing: no
 * host, no name, no process. The kernel runs in this JVM (the null driver is on the test class
 * path); the hosts it tries to start are real processes.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostStartFailureTest {
  @TempDir Path tmp;

  KernelSettings settings(Path java, List<String> options) {
    KernelSettings s = KernelSettings.of(tmp, KernelSettings.defaultListen(tmp), Optional.empty());
    return new KernelSettings(
        s.stateDirectory(),
        s.listen(),
        s.driversDirectory(),
        java,
        s.hostClassPath(),
        options,
        false,
        false,
        s.heartbeat(),
        s.heartbeatTimeout(),
        s.restartBudget(),
        s.restartWindow(),
        s.clock());
  }

  RpcException plugFails(KernelSettings settings) throws Exception {
    try (Kernel kernel =
            Kernel.start(
                settings,
                StoreNameService.serve(
                    NameStores.open(Optional.empty(), settings.stateDirectory())));
        Vat vat = new Vat(1);
        KernelClient client = KernelClient.connect(vat, kernel.address());
        KernelSchema.KernelAdmin.Client admin =
            client.admin(Files.readString(kernel.adminCapFile()).strip())) {
      RpcException e =
          assertThrows(
              RpcException.class,
              () ->
                  Calls.run(
                      admin.plug(
                          p -> {
                            p.setDriver("null");
                            p.setName("/dev/n");
                            p.setGroup("");
                            p.initSettings(0);
                          })));
      try (var r = Calls.await(admin.hosts(p -> {}), 30)) {
        assertEquals(0, r.join().getHosts().size(), "no host is left");
      }
      try (var r = Calls.await(admin.instances(p -> {}), 30)) {
        assertEquals(0, r.join().getInstances().size(), "no name is left");
      }
      assertTrue(
          ProcessHandle.current().children().noneMatch(ProcessHandle::isAlive),
          "no host process is left");
      return e;
    }
  }

  @Test
  void aHostWhoseJavaCannotRunFailsThePlugNamingTheProgram() throws Exception {
    RpcException e = plugFails(settings(Path.of("/nonexistent/java"), List.of()));
    assertTrue(
        e.reason()
            .startsWith(
                "driver host h1 cannot be started (/nonexistent/java): Cannot run program"
                    + " \"/nonexistent/java\""),
        e.reason());
  }

  @Test
  void aHostJvmThatExitsAtOnceFailsThePlugWithTheEndOfItsLog() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    RpcException e = plugFails(settings(java, List.of("-XX:+NoSuchOption")));
    assertTrue(
        e.reason()
            .startsWith(
                "driver host h1 exited with status 1 before it was ready; the end of its log ("
                    + tmp.resolve("hosts/h1.log")
                    + "):\n"),
        e.reason());
    assertTrue(e.reason().contains("Unrecognized VM option 'NoSuchOption'"), e.reason());
  }
}
