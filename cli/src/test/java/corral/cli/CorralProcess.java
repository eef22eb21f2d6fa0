package corral.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code corral} launcher at the repository root on the jar this build has just made
 * ({@code CORRAL_NO_BUILD=1}), as a user would, and collects what it printed.
 */
final class CorralProcess {
  static final Path LAUNCHER = Path.of("..", "corral").toAbsolutePath().normalize();

  private CorralProcess() {}

  /** What one run printed and its exit status. */
  record Result(int status, String out, String err) {}

  /** Runs {@code corral ARGS} with an empty standard input. */
  static Result run(String... args) throws IOException, InterruptedException {
    return run(null, "", args);
  }

  /** Runs {@code corral ARGS} with {@code input} on its standard input. */
  static Result runWithInput(String input, String... args)
      throws IOException, InterruptedException {
    return run(null, input, args);
  }

  /** Runs {@code corral ARGS} in {@code directory}, with an empty standard input. */
  static Result runIn(Path directory, String... args) throws IOException, InterruptedException {
    return run(directory, "", args);
  }

  /**
   * Runs {@code corral ARGS} in {@code directory} (the test's own when null), with {@code input} on
   * its standard input. Output goes through files, so neither stream can fill up and stall the
   * process while the other is read.
   */
  private static Result run(Path directory, String input, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile("corral-out", ".txt");
    Path err = Files.createTempFile("corral-err", ".txt");
    try {
      ProcessBuilder pb =
          new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
      if (directory != null) {
        pb.directory(directory.toFile());
      }
      pb.environment().put("CORRAL_NO_BUILD", "1");
      Process p = pb.start();
      try (var stdin = p.getOutputStream()) {
        stdin.write(input.getBytes(StandardCharsets.UTF_8));
      }
      boolean exited = p.waitFor(60, TimeUnit.SECONDS);
      if (!exited) {
        p.destroyForcibly();
      }
      assertTrue(exited, "corral " + String.join(" ", args) + " did not exit within 60 s");
      return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.delete(out);
      Files.delete(err);
    }
  }
}
