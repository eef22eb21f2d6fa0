package corral.runtime.kernel;

import corral.classes.KernelSchema.HostControl;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One driver host JVM as the kernel runs it: a child process of the kernel with the runtime as
 * {@link HostJvm} lays it out, its output appended to {@code STATE/hosts/ID.log}, a one-time launch
 * secret written to its standard input (which stays open: the host exits when it closes, so a host
 * never outlives its kernel), and, once it said hello, its control channel.
 *
 * <p>One process per {@link #launch}; a restart launches a new one under the same id and sockets.
 * Not thread-safe on its own: the {@link DeviceManager} guards it.
 */
final class ProcessDriverHost {
  /** What the host said when it became ready. */
  record Hello(String address, HostControl.Client control) {}

  private final String id;
  private final String group;
  private final Path log;
  private final Path socket;
  private final Path audit;
  private Process process;
  private OutputStream stdin;
  private Hello hello;

  ProcessDriverHost(String id, String group, Path hostsDirectory) {
    this.id = id;
    this.group = group;
    this.log = hostsDirectory.resolve(id + ".log");
    this.socket = hostsDirectory.resolve(id + ".sock");
    this.audit = hostsDirectory.resolve(id + ".audit.log");
  }

  String id() {
    return id;
  }

  /** The group served, or empty for a host of one instance. */
  String group() {
    return group;
  }

  Path log() {
    return log;
  }

  /** The process, while one is running. */
  Process process() {
    return process;
  }

  /** The control channel and address of the running process, once it is ready. */
  Hello hello() {
    return hello;
  }

  /**
   * Starts a process and waits until it says hello through {@code registry}.
   *
   * @throws HostStartException when the process cannot be started, exits, or is not ready in time;
   *     the process is gone when it is thrown
   */
  void launch(
      KernelSettings settings,
      List<String> extraOptions,
      String controlAddress,
      HostRegistryEndpoint registry,
      long timeoutSeconds)
      throws HostStartException {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    CompletableFuture<Hello> ready = registry.expect(id, secret);
    List<String> cmd = new ArrayList<>();
    cmd.add(settings.java().toString());
    cmd.addAll(settings.hostJvmOptions());
    cmd.addAll(extraOptions);
    cmd.addAll(HostJvm.runtimeOptions(settings.hostClassPath()));
    cmd.addAll(
        List.of(
            "-Dorg.slf4j.simpleLogger.showDateTime=true",
            "corral.runtime.host.DriverHost",
            "--id",
            id,
            "--control",
            controlAddress,
            "--serve",
            "unix:" + socket,
            "--audit",
            audit.toString()));
    try {
      Files.writeString(
          log,
          "== starting host " + id + ": " + String.join(" ", cmd) + "\n",
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      process =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      stdin = process.getOutputStream();
    } catch (IOException e) {
      registry.forget(id);
      kill();
      throw new HostStartException(
          "driver host " + id + " cannot be started (" + settings.java() + "): " + e.getMessage());
    }
    try {
      stdin.write((HexFormat.of().formatHex(secret) + "\n").getBytes(StandardCharsets.US_ASCII));
      stdin.flush();
    } catch (IOException e) {
      // The JVM is gone already (a bad option, say): its exit below says why.
    }
    java.util.Arrays.fill(secret, (byte) 0);
    CompletableFuture<Object> first =
        CompletableFuture.anyOf(ready, process.onExit().thenApply(p -> (Object) p));
    try {
      Object o = first.get(timeoutSeconds, TimeUnit.SECONDS);
      if (o instanceof Hello h) {
        hello = h;
        return;
      }
      registry.forget(id);
      int status = process.exitValue();
      process = null;
      throw new HostStartException(
          "driver host "
              + id
              + " exited with status "
              + status
              + " before it was ready; the end of its log ("
              + log
              + "):\n"
              + tail());
    } catch (TimeoutException e) {
      registry.forget(id);
      kill();
      throw new HostStartException(
          "driver host "
              + id
              + " was not ready within "
              + timeoutSeconds
              + " s (log: "
              + log
              + ")");
    } catch (ExecutionException | InterruptedException e) {
      registry.forget(id);
      kill();
      throw new HostStartException("driver host " + id + " failed to start: " + e);
    }
  }

  /** The last lines of the host's log. */
  String tail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  /**
   * Ends the process in order: closes its standard input (it stops its instances and exits), then
   * kills it if it has not exited after {@code graceMillis}.
   */
  void stop(long graceMillis) {
    if (hello != null) {
      hello.control().close();
      hello = null;
    }
    Process p = process;
    if (p == null) {
      return;
    }
    try {
      stdin.close();
    } catch (IOException e) {
      // the process is gone already
    }
    try {
      if (!p.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
    }
    process = null;
  }

  /** Kills the process at once (SIGKILL) and waits for it. */
  void kill() {
    if (hello != null) {
      hello.control().close();
      hello = null;
    }
    Process p = process;
    if (p == null) {
      return;
    }
    p.destroyForcibly();
    try {
      p.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  @Override
  public String toString() {
    return "host " + id + (process == null ? "" : " (pid " + process.pid() + ")");
  }
}
