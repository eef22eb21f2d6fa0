package corral.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

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
    Path schema = module.resolve("src/main/capnp/corral/bench.capnp");
    Path sources = module.resolve("src/main/cpp");
    Path include = module.resolve("target/capnp-include");
    if (!Files.exists(include.resolve("capnp/java.capnp"))) {
      throw new IOException(
          include
              + "/capnp/java.capnp is missing: build the module first (./mvnw -pl bench -am"
              + " package -DskipTests)");
    }
    CppPeers peers = new CppPeers(out.resolve("bench_server"), out.resolve("bench_client"));
    List<Path> inputs;
    try (Stream<Path> s = Files.list(sources)) {
      inputs = Stream.concat(s, Stream.of(schema)).toList();
    }
    if (!stale(List.of(peers.server, peers.client), inputs)) {
      return peers;
    }
    Files.createDirectories(out);
    run(
        List.of(
            "capnp",
            "compile",
            "-oc++:" + out,
            "--src-prefix=" + schema.getParent(),
            "-I" + include,
            schema.toString()));
    for (Path exe : List.of(peers.server, peers.client)) {
      run(
          List.of(
              "g++",
              "-std=c++17",
              "-O2",
              "-I" + out,
              "-I" + sources,
              "-o",
              exe.toString(),
              sources.resolve(exe.getFileName() + ".c++").toString(),
              out.resolve("bench.capnp.c++").toString(),
              "-lcapnp-rpc",
              "-lcapnp",
              "-lkj-async",
              "-lkj",
              "-lpthread"));
    }
    return peers;
  }

  private static boolean stale(List<Path> outputs, List<Path> inputs) throws IOException {
    for (Path o : outputs) {
      if (!Files.exists(o)) {
        return true;
      }
      for (Path i : inputs) {
        if (Files.getLastModifiedTime(i).compareTo(Files.getLastModifiedTime(o)) > 0) {
          return true;
        }
      }
    }
    return false;
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed:\n" + out);
    }
  }
}
