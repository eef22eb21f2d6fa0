package corral.bench;

import corral.runtime.testing.CppProgram;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The C++ reference's benchmark programs, {@code bench_server} and {@code bench_client}, compiled
 * from {@code src/main/cpp} and {@code src/main/capnp/corral/bench.capnp} with {@code capnp compile
 * -oc++} and {@code g++ -O2} against Debian's libcapnp into {@code target/cpp}; rebuilt when a
 * source is newer than a binary.
 *
 * @param server the server binary
 * @param client the client binary
 */
record CppPeers(Path server, Path client) {

  /**
   * Builds (if stale) the programs of the bench module at {@code module}.
   *
   * @throws IOException if a tool fails, with its output
   */
  static CppPeers build(Path module) throws IOException, InterruptedException {
    Path out = module.resolve("target/cpp");
    Path sources = module.resolve("src/main/cpp");
    List<CppProgram.Schema> schemas =
        List.of(
            new CppProgram.Schema(
                module.resolve("src/main/capnp/corral").toString(), "bench.capnp"));
    return new CppPeers(
        CppProgram.build(sources.resolve("bench_server.c++"), out, schemas),
        CppProgram.build(sources.resolve("bench_client.c++"), out, schemas));
  }
}
