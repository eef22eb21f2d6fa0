package corral.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code corral ls PREFIX --watch ...} running through the real launcher, for tests: its lines are
 * read as they come, and {@link #await} waits (bounded) for one that matches.
 */
final class WatchProcess implements AutoCloseable {
  private final Process process;
  private final Path err;
  private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();

  WatchProcess(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(CorralProcess.LAUNCHER.toString(), "ls"));
    cmd.addAll(List.of(args));
    cmd.add("--watch");
    err = Files.createTempFile("corral-watch-err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile());
    pb.environment().put("CORRAL_NO_BUILD", "1");
    process = pb.start();
    process.getOutputStream().close();
    Thread.ofVirtual()
        .start(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                  lines.add(l);
                }
              } catch (IOException e) {
                lines.add("(reading failed: " + e + ")");
              }
            });
  }

  /**
   * Waits up to {@code seconds} for a line matching {@code regex} and returns it.
   *
   * @throws AssertionError naming the lines seen and the process's errors when none came
   */
  String await(String regex, long seconds) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    for (long left = seconds * 1_000_000_000L; left > 0; left = deadline - System.nanoTime()) {
      String l = lines.poll(left, TimeUnit.NANOSECONDS);
      if (l == null) {
        break;
      }
      seen.add(l);
      if (l.matches(regex)) {
        return l;
      }
    }
    throw new AssertionError(
        "no line matching "
            + regex
            + " within "
            + seconds
            + " s; seen: "
            + seen
            + "; stderr: "
            + Files.readString(err)
            + (process.isAlive() ? "" : "; exited with " + process.exitValue()));
  }

  /** Stops the watcher; returns what it printed on standard error. */
  String stop() throws IOException, InterruptedException {
    process.destroy();
    process.waitFor(10, TimeUnit.SECONDS);
    return Files.readString(err);
  }

  @Override
  public void close() throws IOException {
    if (process.isAlive()) {
      try {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Files.deleteIfExists(err);
  }
}
