package corral.runtime.cap;

import corral.runtime.testing.CppProgram;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The C++ capability client ({@code src/test/cpp/cap_client.c++}), built once per build with capnp
 * and g++ against Debian's libcapnp, and run as a real process.
 */
final class CppCapClient {
  private static Path binary;

  private CppCapClient() {}

  /** Builds the client if a source is newer than the binary; returns the binary. */
  static synchronized Path build() throws IOException, InterruptedException {
    if (binary == null) {
      binary =
          CppProgram.build(
              "cap_client",
              "cpp-cap-client",
              List.of(
                  new CppProgram.Schema("../rpc/src/test/capnp/corral", "rpctest.capnp"),
                  new CppProgram.Schema("src/main/capnp/corral", "cap.capnp")));
    }
    return binary;
  }

  /** Runs {@code cap_client ADDRESS CAP} to its end; its output lines, then "exit N". */
  static List<String> run(String address, String cap) throws IOException, InterruptedException {
    return CppProgram.runLines(build(), address, cap);
  }
}
