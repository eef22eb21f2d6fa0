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
 * {@link HostJvm} lays it out, its output appended to {@code STATE/hosts/ID.log} (copied there by
 * the kernel, so that an adopted spare's goes to the log of the host it became), a one-time launch
 * secret written to its standard input (which stays open: the host exits when it closes, so a host
 * never outlives its kernel), and, once it said hello, its control channel.
 *
 * <p>One process per {@link #launch} (or {@link #adopt}); a restart launches a new one under the
 * same id and sockets, or adopts a spare host's. Not thread-safe on its own: the {@link
 * DeviceManager} guards it.
 */
final class ProcessDriverHost {
  /** What the host said when it became ready. */
  record Hello(String address, HostControl.Client control) {}

  private final String id;
  private final String group;
  private final Path hostsDirectory;
  private Path log;
  private Path socket;
  private Path audit;
  private Process process;
  private OutputStream stdin;
  private Hello hello;
  private LogPump pump;
  private String commandLine = "";

  /**
   * Copies a host process's output to the log of the host it runs now, {@code STATE/hosts/ID.log}
   * (the target changes when a spare host is adopted), until the process ends.
   */
  private static final class LogPump {
    private volatile Path target;
    private final Thread copier;

    LogPump(java.io.InputStream output, Path target) {
      this.target = target;
      this.copier =
          Thread.ofVirtual().name("host-log " + target.getFileName()).start(() -> copy(output));
    }

    /** Waits (2 s at most) until everything the ended process wrote is in the log. */
    void awaitCopied() {
      try {
        copier.join(java.time.Duration.ofSeconds(2));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void copy(java.io.InputStream output) {
      byte[] buffer = new byte[8192];
      try (output) {
        for (int n = output.read(buffer); n > 0; n = output.read(buffer)) {
          Files.write(
              target,
              java.util.Arrays.copyOf(buffer, n),
              java.nio.file.StandardOpenOption.CREATE,
              java.nio.file.StandardOpenOption.APPEND);
        }
      } catch (IOException ended) {
        // the process ended, or its log cannot be written: nothing more to copy
      }
    }
  }

  ProcessDriverHost(String id, String group, Path hostsDirectory) {
    this.id = id;
    this.group = group;
    this.hostsDirectory = hostsDirectory;
    ownFiles();
  }

  /** The log, socket and audit log named after this host's id. */
  private void ownFiles() {
    this.log = hostsDirectory.resolve(id + ".log");
    this.socket = hostsDirectory.resolve(id + ".sock");
    this.audit = hostsDirectory.resolve(id + ".audit.log");
  }

  /**
   * Takes over {@code spare}'s running process, a host started ahead of need with no instance: this
   * host then runs there, its socket renamed to this host's (a listening unix socket is reached by
   * its new name) and its output appended to this host's log; its audit trail stays in the spare's
   * file ({@code spareN.audit.log}, which the log names) until this host's next {@link #launch}.
   * {@code spare} is left with no process.
   */
  void adopt(ProcessDriverHost spare) {
    ownFiles();
    String address = "unix:" + socket;
    try {
      Files.move(
          spare.socket,
          socket,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      address = spare.hello.address(); // served under the spare's name then
      socket = spare.socket;
    }
    process = spare.process;
    stdin = spare.stdin;
    hello = new Hello(address, spare.hello.control());
    audit = spare.audit;
    note(
        "== host "
            + spare.id
            + " (pid "
            + process.pid()
            + ", started ahead: "
            + spare.commandLine
            + ") becomes host "
            + id
            + "; its audit trail: "
            + audit);
    commandLine = spare.commandLine;
    pump = spare.pump;
    pump.target = log;
    spare.pump = null;
    spare.process = null;
    spare.stdin = null;
    spare.hello = null;
  }

  /** Appends {@code line} to the log. */
  private void note(String line) {
    try {
      Files.writeString(
          log,
          line + "\n",
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      // the log is for people; a host runs without it
    }
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
    ownFiles();
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
    commandLine = String.join(" ", cmd);
    try {
      Files.writeString(
          log,
          "== starting host " + id + ": " + commandLine + "\n",
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      pump = new LogPump(process.getInputStream(), log);
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
      pump.awaitCopied();
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
