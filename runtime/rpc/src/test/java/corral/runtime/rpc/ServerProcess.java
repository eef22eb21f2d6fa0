package corral.runtime.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link TargetServer} in a JVM of its own, started from the test class path with a small heap,
 * so that an attack that exhausts it shows as a dead or deaf process instead of a broken test JVM.
 * Its standard error goes to a file ({@link #stderr()}). Closing it ends the process.
 */
final class ServerProcess implements AutoCloseable {
  private final Process process;
  private final Path stderr;

  /** The socket it listens on. */
  final Path socket;

  /**
   * Starts the server with heap {@code heap} (a {@code -Xmx} value) and {@code limits} ({@code
   * name=value} as {@link TargetServer} takes them) and waits until it listens.
   */
  ServerProcess(Path dir, String heap, String... limits) throws IOException {
    socket = dir.resolve("target.sock");
    stderr = dir.resolve("server.err");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + heap);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(TargetServer.class.getName());
    cmd.add(socket.toString());
    cmd.addAll(List.of(limits));
    process = new ProcessBuilder(cmd).redirectError(stderr.toFile()).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine(); // the test's @Timeout bounds the wait
    assertEquals("listening", line, "the server process's first line; its stderr: " + stderr());
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Resident set size in KiB ({@code VmRSS} of /proc/PID/status). */
  long rssKib() throws IOException {
    for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
      if (l.startsWith("VmRSS:")) {
        return Long.parseLong(l.replaceAll("[^0-9]", ""));
      }
    }
    throw new IOException("no VmRSS in /proc/" + pid() + "/status");
  }

  /** Open file descriptors ({@code /proc/PID/fd}). */
  int fileDescriptors() throws IOException {
    try (var s = Files.list(Path.of("/proc", Long.toString(pid()), "fd"))) {
      return (int) s.count();
    }
  }

  /** What the process wrote to standard error so far. */
  String stderr() throws IOException {
    return Files.exists(stderr) ? Files.readString(stderr) : "";
  }

  @Override
  public void close() throws IOException {
    process.getOutputStream().close();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
