package corral.runtime.rpc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The C++ reference peer ({@code src/test/cpp/rpc_peer.c++}), built once per build with capnp and
 * g++ against Debian's libcapnp, and run as a real process.
 */
final class CppPeer implements AutoCloseable {
  private static final Path OUT = Path.of("target/cpp-peer");
  private static Path binary;

  private final Process process;
  private final BufferedReader stdout;

  private CppPeer(Process process) {
    this.process = process;
    this.stdout =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /** Builds the peer if its sources are newer than the binary; returns the binary. */
  static synchronized Path build() throws IOException, InterruptedException {
    if (binary != null) {
      return binary;
    }
    Files.createDirectories(OUT);
    Path schema = Path.of("src/test/capnp/corral/rpctest.capnp");
    Path source = Path.of("src/test/cpp/rpc_peer.c++");
    Path exe = OUT.resolve("rpc_peer");
    if (!Files.exists(exe)
        || Files.getLastModifiedTime(exe).compareTo(Files.getLastModifiedTime(source)) < 0
        || Files.getLastModifiedTime(exe).compareTo(Files.getLastModifiedTime(schema)) < 0) {
      run(
          List.of(
              "capnp",
              "compile",
              "-oc++:" + OUT,
              "--src-prefix=src/test/capnp/corral",
              "-I" + includeDir(),
              schema.toString()));
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
              "-lcapnp-rpc",
              "-lcapnp",
              "-lkj-async",
              "-lkj",
              "-lpthread"));
    }
    binary = exe;
    return exe;
  }

  private static String includeDir() {
    Path extracted = Path.of("target/capnp-include");
    return Files.exists(extracted.resolve("capnp/java.capnp"))
        ? extracted.toString()
        : "../idl/src/main/capnp";
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed:\n" + out);
    }
  }

  /** Starts {@code rpc_peer server ADDRESS} and waits until it prints "ready". */
  static CppPeer server(String address) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(build().toString(), "server", address)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    CppPeer peer = new CppPeer(p);
    String line = peer.stdout.readLine();
    if (!"ready".equals(line)) {
      peer.close();
      throw new IOException("C++ server did not get ready; it said: " + line);
    }
    return peer;
  }

  /** Starts {@code rpc_peer client ADDRESS}. */
  static CppPeer client(String address) throws IOException, InterruptedException {
    return new CppPeer(
        new ProcessBuilder(build().toString(), "client", address)
            .redirectErrorStream(true)
            .start());
  }

  /** Reads all output until the process exits; returns the lines and the exit code last. */
  List<String> outputUntilExit() throws IOException, InterruptedException {
    List<String> lines = new ArrayList<>();
    String line;
    while ((line = stdout.readLine()) != null) {
      System.err.println("[C++ peer] " + line); // progress, should the test time out
      lines.add(line);
    }
    lines.add("exit " + process.waitFor());
    return lines;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
