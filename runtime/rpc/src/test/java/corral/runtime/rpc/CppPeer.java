package corral.runtime.rpc;

import corral.runtime.testing.CppProgram;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The C++ reference peer ({@code src/test/cpp/rpc_peer.c++}), built once per build with capnp and
 * g++ against Debian's libcapnp, and run as a real process.
 */
final class CppPeer implements AutoCloseable {
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
    if (binary == null) {
      binary =
          CppProgram.build(
              "rpc_peer",
              "cpp-peer",
              List.of(new CppProgram.Schema("src/test/capnp/corral", "rpctest.capnp")));
    }
    return binary;
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
