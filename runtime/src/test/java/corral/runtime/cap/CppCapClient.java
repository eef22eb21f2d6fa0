package corral.runtime.cap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The C++ capability client ({@code src/test/cpp/cap_client.c++}), built once per build with capnp
 * and g++ against Debian's libcapnp, and run as a real process.
 */
final class CppCapClient {
  private static final Path OUT = Path.of("target/cpp-cap-client");
  private static Path binary;

  private CppCapClient() {}

  /** Builds the client if a source is newer than the binary; returns the binary. */
  static synchronized Path build() throws IOException, InterruptedException {
    if (binary != null) {
      return binary;
    }
    Files.createDirectories(OUT);
    Path testSchema = Path.of("src/test/capnp/corral/rpctest.capnp");
    Path capSchema = Path.of("src/main/capnp/corral/cap.capnp");
    Path source = Path.of("src/test/cpp/cap_client.c++");
    Path exe = OUT.resolve("cap_client");
    if (!Files.exists(exe)
        || newer(source, exe)
        || newer(testSchema, exe)
        || newer(capSchema, exe)) {
      run(compile("src/test/capnp/corral", testSchema));
      run(compile("src/main/capnp/corral", capSchema));
      run(
          List.of(
              "g++",
              "-std=c++17",
              "-O2",
              "-I" + OUT,
              "-o",
              exe.toString(),
              source.toString(),
              OUT.resolve("rpctest.capnp.c++").toString(),
              OUT.resolve("cap.capnp.c++").toString(),
              "-lcapnp-rpc",
              "-lcapnp",
              "-lkj-async",
              "-lkj",
              "-lpthread"));
    }
    binary = exe;
    return exe;
  }

  private static boolean newer(Path source, Path exe) throws IOException {
    return Files.getLastModifiedTime(exe).compareTo(Files.getLastModifiedTime(source)) < 0;
  }

  private static List<String> compile(String prefix, Path schema) {
    Path extracted = Path.of("target/capnp-include");
    String include =
        Files.exists(extracted.resolve("capnp/java.capnp"))
            ? extracted.toString()
            : "../idl/src/main/capnp";
    return List.of(
        "capnp",
        "compile",
        "-oc++:" + OUT,
        "--src-prefix=" + prefix,
        "-I" + include,
        schema.toString());
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed:\n" + out);
    }
  }

  /** Runs {@code cap_client ADDRESS CAP} to its end; its output lines, then "exit N". */
  static List<String> run(String address, String cap) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(build().toString(), address, cap).redirectErrorStream(true).start();
    List<String> lines =
        new ArrayList<>(
            new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList());
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      lines.add("timed out");
    } else {
      lines.add("exit " + p.exitValue());
    }
    return lines;
  }
}
