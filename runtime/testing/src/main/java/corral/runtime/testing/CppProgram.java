package corral.runtime.testing;

import corral.idl.compiler.SchemaCompiler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a C++ program against Debian's libcapnp, for tests and benchmarks that run the C++
 * reference against our Java: its schemas compiled by {@code capnp compile -oc++} (through {@link
 * SchemaCompiler#compileCpp}, so imports resolve as for Java), then {@code g++ -O2}. Rebuilt only
 * when a source, header or schema is newer than the binary.
 */
public final class CppProgram {
  private CppProgram() {}

  /** A schema ({@code file}, relative to {@code srcPrefix}) and the prefix its outputs drop. */
  public record Schema(String srcPrefix, String file) {
    Path path() {
      return Path.of(srcPrefix, file);
    }

    String generatedSource() {
      return file.replace(".capnp", ".capnp.c++");
    }
  }

  /**
   * Builds {@code src/test/cpp/NAME.c++} of the module under test (the working directory) with
   * {@code schemas} into {@code target/OUT_DIR/NAME} if it is missing or stale; returns the binary.
   */
  public static Path build(String name, String outDir, List<Schema> schemas)
      throws IOException, InterruptedException {
    return build(Path.of("src/test/cpp/" + name + ".c++"), Path.of("target", outDir), schemas);
  }

  /**
   * Builds {@code source} (its folder is on the include path, for its headers) with {@code schemas}
   * into {@code out}, the binary named after the source, if it is missing or older than any of its
   * inputs; returns the binary.
   *
   * @throws IOException when capnp or g++ fails, with its output
   */
  public static Path build(Path source, Path out, List<Schema> schemas)
      throws IOException, InterruptedException {
    Files.createDirectories(out);
    String name = source.getFileName().toString().replace(".c++", "");
    Path exe = out.resolve(name);
    List<Path> inputs = new ArrayList<>();
    try (var siblings = Files.list(source.getParent())) {
      siblings.forEach(inputs::add);
    }
    schemas.forEach(s -> inputs.add(s.path()));
    if (!stale(exe, inputs)) {
      return exe;
    }
    SchemaCompiler capnp = new SchemaCompiler("capnp", List.of(), out.resolve("capnp-include"));
    List<String> gpp =
        new ArrayList<>(
            List.of(
                "g++",
                "-std=c++17",
                "-O2",
                "-I" + out,
                "-I" + source.getParent(),
                "-o",
                exe.toString(),
                source.toString()));
    for (Schema s : schemas) {
      capnp.compileCpp(List.of(s.path()), Path.of(s.srcPrefix()), out);
      gpp.add(out.resolve(s.generatedSource()).toString());
    }
    gpp.addAll(List.of("-lcapnp-rpc", "-lcapnp", "-lkj-async", "-lkj", "-lpthread"));
    run(gpp);
    return exe;
  }

  /**
   * Runs {@code binary ARGS...} to its end (30 s at most): its output lines (standard error
   * merged), then {@code exit N}, or {@code timed out}.
   */
  public static List<String> runLines(Path binary, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(binary.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> lines =
        new ArrayList<>(
            new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList());
    if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
      p.destroyForcibly();
      lines.add("timed out");
    } else {
      lines.add("exit " + p.exitValue());
    }
    return lines;
  }

  private static boolean stale(Path exe, List<Path> inputs) throws IOException {
    if (!Files.exists(exe)) {
      return true;
    }
    for (Path input : inputs) {
      if (Files.getLastModifiedTime(input).compareTo(Files.getLastModifiedTime(exe)) > 0) {
        return true;
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
