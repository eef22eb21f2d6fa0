package corral.runtime.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a C++ test program of the module under test ({@code src/test/cpp/NAME.c++}) against
 * Debian's libcapnp: its schemas compiled by {@code capnp compile -oc++}, then g++. Rebuilt only
 * when a source or schema is newer than the binary.
 */
public final class CppProgram {
  private CppProgram() {}

  /** A schema to compile with the directory prefix its generated files drop. */
  public record Schema(String srcPrefix, String file) {
    Path path() {
      return Path.of(srcPrefix, file);
    }

    String generatedSource() {
      return file.replace(".capnp", ".capnp.c++");
    }
  }

  /**
   * Builds {@code src/test/cpp/NAME.c++} with {@code schemas} into {@code target/OUT_DIR/NAME} if
   * it is missing or older than its sources; returns the binary.
   */
  public static Path build(String name, String outDir, List<Schema> schemas)
      throws IOException, InterruptedException {
    Path out = Path.of("target", outDir);
    Files.createDirectories(out);
    Path source = Path.of("src/test/cpp/" + name + ".c++");
    Path exe = out.resolve(name);
    boolean stale = !Files.exists(exe) || newer(source, exe);
    for (Schema s : schemas) {
      stale |= Files.exists(exe) && newer(s.path(), exe);
    }
    if (!stale) {
      return exe;
    }
    List<String> gpp =
        new ArrayList<>(
            List.of(
                "g++", "-std=c++17", "-O2", "-I" + out, "-o", exe.toString(), source.toString()));
    for (Schema s : schemas) {
      run(
          List.of(
              "capnp",
              "compile",
              "-oc++:" + out,
              "--src-prefix=" + s.srcPrefix(),
              "-I" + includeDir(),
              s.path().toString()));
      gpp.add(out.resolve(s.generatedSource()).toString());
    }
    gpp.addAll(List.of("-lcapnp-rpc", "-lcapnp", "-lkj-async", "-lkj", "-lpthread"));
    run(gpp);
    return exe;
  }

  private static boolean newer(Path source, Path exe) throws IOException {
    return Files.getLastModifiedTime(exe).compareTo(Files.getLastModifiedTime(source)) < 0;
  }

  /** Where {@code /capnp/java.capnp} is found: extracted by the build, or the idl module's copy. */
  private static String includeDir() {
    Path extracted = Path.of("target/capnp-include");
    return Files.exists(extracted.resolve("capnp/java.capnp"))
        ? extracted.toString()
        : "../../idl/src/main/capnp";
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed:\n" + out);
    }
  }
}
