package corral.cli;

import corral.classes.Calls;
import corral.classes.KernelClient;
import corral.classes.KernelSchema;
import corral.classes.NamingSchema;
import corral.runtime.rpc.RpcException;
import corral.runtime.rpc.Vat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every verb that talks to a kernel shares: where the kernel is ({@code --kernel}, else
 * {@code $CORRAL_KERNEL}, else the socket in the state directory) and where its state (with the
 * admin cap) is ({@code --state}, else {@code ~/.local/state/corral}).
 */
final class KernelOptions {
  @Option(
      names = "--kernel",
      paramLabel = "unix:PATH",
      description = "the kernel's socket (default: $CORRAL_KERNEL, else STATE/kernel.sock)")
  String kernel;

  @Option(
      names = "--state",
      paramLabel = "DIR",
      description =
          "the kernel's state directory, holding admin.cap (default: ~/.local/state/corral)")
  Path state;

  /** The state directory. */
  Path stateDirectory() {
    return state != null ? state : defaultState();
  }

  static Path defaultState() {
    return Path.of(System.getProperty("user.home"), ".local", "state", "corral");
  }

  /** The kernel's address and why it was chosen. */
  String[] address() {
    if (kernel != null) {
      return new String[] {kernel, "--kernel"};
    }
    String env = System.getenv("CORRAL_KERNEL");
    if (env != null && !env.isBlank() && state == null) {
      return new String[] {env, "$CORRAL_KERNEL"};
    }
    return new String[] {
      "unix:" + stateDirectory().resolve("kernel.sock"),
      state != null ? "--state" : "the default state directory"
    };
  }

  /**
   * Connects to the kernel.
   *
   * @throws Corral.BadInput "no kernel is running at ADDRESS (from WHERE): ..."
   */
  KernelClient connect(Vat vat) {
    String[] a = address();
    if (a[0].startsWith("unix:") && !Files.exists(Path.of(a[0].substring(5)))) {
      throw new Corral.BadInput(
          "no kernel is running at "
              + a[0]
              + " (from "
              + a[1]
              + "): there is no socket there; start one with 'corral kernel'");
    }
    try {
      return KernelClient.connect(vat, a[0]);
    } catch (RpcException e) {
      throw new Corral.BadInput(
          "no kernel answers at " + a[0] + " (from " + a[1] + "): " + e.reason());
    }
  }

  /** Whether the state directory holds an admin cap this user can read. */
  boolean hasAdminCap() {
    return Files.isReadable(stateDirectory().resolve("admin.cap"));
  }

  /** The admin cap of the kernel's state directory. */
  String adminCap() {
    Path file = stateDirectory().resolve("admin.cap");
    try {
      return Files.readString(file, StandardCharsets.US_ASCII).strip();
    } catch (NoSuchFileException e) {
      throw new Corral.BadInput(
          "no admin cap at " + file + ": is --state the kernel's state directory?");
    } catch (IOException e) {
      throw new Corral.BadInput("cannot read the admin cap " + file + ": " + e.getMessage());
    }
  }

  /** Runs {@code action} with the kernel's namespace as anyone sees it (lookup, list, watch). */
  <T> T names(java.util.function.Function<NamingSchema.NameService.Client, T> action) {
    try (Vat vat = new Vat(1);
        KernelClient client = connect(vat);
        NamingSchema.NameService.Client names = client.names()) {
      return action.apply(names);
    } catch (RpcException e) {
      throw new Corral.BadInput(e.reason());
    }
  }

  /** Runs {@code action} with the namespace as the administrator may change it. */
  <T> T adminNames(java.util.function.Function<NamingSchema.NameService.Client, T> action) {
    return admin(
        admin -> {
          try (var r = Calls.await(admin.names(p -> {}), 30);
              NamingSchema.NameService.Client names = r.join().getRoot().duplicate()) {
            return action.apply(names);
          }
        });
  }

  /** Runs {@code action} with the kernel's administration. */
  <T> T admin(java.util.function.Function<KernelSchema.KernelAdmin.Client, T> action) {
    try (Vat vat = new Vat(1);
        KernelClient client = connect(vat);
        KernelSchema.KernelAdmin.Client admin = client.admin(adminCap())) {
      return action.apply(admin);
    } catch (RpcException e) {
      throw new Corral.BadInput(e.reason());
    }
  }
}
