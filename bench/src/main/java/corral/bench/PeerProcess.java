package corral.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A server or client process started by the harness, pinned with {@code taskset}. Its standard
 * output is read line by line on a daemon thread; its standard error goes to a log file, shown when
 * something fails. Closing it closes its standard input (our servers and clients exit on that),
 * then destroys it if it has not exited within two seconds.
 *
 * <p>Owned by one harness thread.
 */
final class PeerProcess implements AutoCloseable {
  private static final String END = "\0end";

  private final String name;
  private final Process process;
  private final Path log;
  private final Writer stdin;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private PeerProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread.ofPlatform()
        .daemon()
        .name("stdout of " + name)
        .start(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // the process is gone; END below says so
              }
              lines.add(END);
            });
  }

  /**
   * Starts {@code command} under {@code taskset -c cpus} and waits (up to 30 s) for it to print
   * {@code ready}.
   *
   * @throws IOException if it does not, with the tail of its log
   */
  static PeerProcess start(String name, String cpus, List<String> command, Path logDir)
      throws IOException, InterruptedException {
    Path log = logDir.resolve(name.replaceAll("[^A-Za-z0-9.-]+", "_") + ".log");
    List<String> pinned =
        Stream.concat(Stream.of("taskset", "-c", cpus), command.stream()).toList();
    Process p =
        new ProcessBuilder(pinned)
            .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    PeerProcess peer = new PeerProcess(name, p, log);
    String first = peer.lines.poll(30, TimeUnit.SECONDS);
    if (!"ready".equals(first)) {
      peer.close();
      throw new IOException(
          name + " did not get ready (said " + printable(first) + ")" + peer.logTail());
    }
    return peer;
  }

  /**
   * Sends one command line and returns the line answered, waiting at most {@code timeoutMillis}.
   *
   * @throws IOException if the process answers {@code error ...}, exits, or is silent too long
   */
  String command(String line, long timeoutMillis) throws IOException, InterruptedException {
    stdin.write(line + "\n");
    stdin.flush();
    String answer = lines.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    if (answer == null || answer.equals(END) || answer.startsWith("error")) {
      throw new IOException(
          name
              + ": '"
              + line
              + "' got "
              + (answer == null ? "no answer in " + timeoutMillis + " ms" : printable(answer))
              + logTail());
    }
    return answer;
  }

  private static String printable(String line) {
    return line == null ? "nothing" : line.equals(END) ? "end of output" : "'" + line + "'";
  }

  private String logTail() {
    try {
      List<String> all = Files.exists(log) ? Files.readAllLines(log) : List.of();
      List<String> tail = all.subList(Math.max(0, all.size() - 15), all.size());
      return tail.isEmpty() ? "" : "; its log " + log + " ends:\n  " + String.join("\n  ", tail);
    } catch (IOException e) {
      return "; log " + log + " unreadable: " + e;
    }
  }

  String name() {
    return name;
  }

  @Override
  public void close() {
    try {
      stdin.close();
    } catch (IOException e) {
      // already gone
    }
    try {
      if (!process.waitFor(2, TimeUnit.SECONDS)) {
        process.destroy();
        if (!process.waitFor(2, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(2, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
