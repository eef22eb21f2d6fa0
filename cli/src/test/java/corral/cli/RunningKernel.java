package corral.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code corral kernel} process started through the real launcher, for tests: ready once it
 * printed its "kernel listening" line. {@link #close()} stops it (SIGTERM, then SIGKILL) and
 * returns only when no process started for its state directory (kernel or host) is left.
 */
final class RunningKernel implements AutoCloseable {
  final Path state;
  final Process process;
  final Path log;

  RunningKernel(Path state, String... extra) throws IOException {
    this.state = state;
    this.log = state.resolveSibling(state.getFileName() + ".kernel.log");
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(CorralProcess.LAUNCHER.toString(), "kernel", "--state", state.toString()));
    cmd.addAll(List.of(extra));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(log.toFile());
    pb.environment().put("CORRAL_NO_BUILD", "1");
    process = pb.start();
    process.getOutputStream().close();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine(); // blocks until ready, or null if the kernel died
    if (line == null || !line.startsWith("kernel listening on ")) {
      close();
      throw new IOException("the kernel did not start: " + line + "\n" + Files.readString(log));
    }
  }

  /** The admin cap the kernel wrote. */
  String adminCap() throws IOException {
    return Files.readString(state.resolve("admin.cap")).strip();
  }

  /** Runs {@code corral ARGS... --state STATE}: a verb against this kernel. */
  CorralProcess.Result corral(String... args) throws IOException, InterruptedException {
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--state";
    all[args.length + 1] = state.toString();
    return CorralProcess.run(all);
  }

  /** The kernel's socket. */
  String address() {
    return "unix:" + state.resolve("kernel.sock");
  }

  /** The processes (hosts) whose command line names this kernel's state directory. */
  List<ProcessHandle> hosts() {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().orElse("").contains(state + "/hosts/"))
        .toList();
  }

  @Override
  public void close() throws IOException {
    List<ProcessHandle> hosts = hosts();
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      for (ProcessHandle h : hosts) {
        // hosts exit when the kernel's end of their standard input closes
        h.onExit().completeOnTimeout(h, 10, TimeUnit.SECONDS).join();
        if (!h.isAlive()) {
          continue;
        }
        h.destroyForcibly();
        throw new AssertionError("host process " + h.pid() + " outlived its kernel");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
