package corral.idl.compiler;

import corral.capnp.Schema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.capnproto.MessageReader;
import org.capnproto.ReaderOptions;
import org.capnproto.Serialize;

/**
 * Compiles schema files to Java in one step: the reference {@code capnp} tool parses and checks
 * them ({@code capnp compile -o-} writes the CodeGeneratorRequest to standard output), then {@link
 * JavaGenerator} runs in this JVM. The Maven goal and the build of the {@code idl} module itself
 * both use it.
 *
 * <p>{@code capnp/java.capnp} and {@code capnp/corral.capnp} are always on the import path
 * (extracted from this jar), as are the given include directories; capnp adds {@code /usr/include}
 * and {@code /usr/local/include} itself.
 *
 * <pre>
 * usage: SchemaCompiler OUTDIR SRCDIR [-I DIR]... [--standard capnp/rpc.capnp]... [--no-rpc]
 * </pre>
 *
 * <p>From the command line RPC code is generated unless {@code --no-rpc} is given.
 */
public final class SchemaCompiler {
  /** Where capnp looks for {@code import "/capnp/..."} without {@code -I}. */
  static final List<Path> STANDARD_INCLUDES =
      List.of(Path.of("/usr/include"), Path.of("/usr/local/include"));

  private final String capnp;
  private final List<Path> includes;
  private final Path scratch;
  private final boolean rpc;
  private final String standardPackage;

  /**
   * A compiler of interface metadata only (no RPC code), as {@link #SchemaCompiler(String, List,
   * Path, boolean)} with {@code rpc} false.
   */
  public SchemaCompiler(String capnp, List<Path> includes, Path scratch) {
    this(capnp, includes, scratch, false);
  }

  /**
   * @param capnp the schema compiler executable ({@code capnp})
   * @param includes extra import directories
   * @param scratch a directory this compiler may write to (for {@code capnp/java.capnp})
   * @param rpc whether interfaces get client stubs, server skeletons and typed capability fields
   *     (the output then needs {@code corral-runtime}); without, interfaces are metadata only
   */
  public SchemaCompiler(String capnp, List<Path> includes, Path scratch, boolean rpc) {
    this(capnp, includes, scratch, rpc, JavaGenerator.STANDARD_PACKAGE);
  }

  /**
   * @param standardPackage the Java package of the schemas that ship with Cap'n Proto, as {@link
   *     JavaGenerator#JavaGenerator(Schema.CodeGeneratorRequest.Reader, boolean, String)} takes it
   */
  public SchemaCompiler(
      String capnp, List<Path> includes, Path scratch, boolean rpc, String standardPackage) {
    this.capnp = capnp;
    this.includes = List.copyOf(includes);
    this.scratch = scratch;
    this.rpc = rpc;
    this.standardPackage = standardPackage;
  }

  /**
   * Compiles every {@code .capnp} file under {@code srcDir} (names relative to it), plus the named
   * standard schemas (e.g. {@code capnp/rpc.capnp}, found under capnp's standard include
   * directories), writing Java under {@code outDir}.
   *
   * @return the generated files' paths relative to {@code outDir}
   * @throws SchemaCompileException when capnp rejects a schema (with capnp's file:line message),
   *     the generator cannot translate one, or capnp cannot be run
   */
  public List<String> compileTree(Path srcDir, List<String> standardSchemas, Path outDir) {
    List<String> written = new ArrayList<>();
    if (Files.isDirectory(srcDir)) {
      List<Path> schemas;
      try (Stream<Path> files = Files.walk(srcDir)) {
        schemas = files.filter(p -> p.toString().endsWith(".capnp")).sorted().toList();
      } catch (IOException e) {
        throw new SchemaCompileException(
            "cannot list schemas in " + srcDir + ": " + e.getMessage());
      }
      if (!schemas.isEmpty()) {
        written.addAll(compile(schemas, srcDir, outDir));
      }
    }
    for (String standard : standardSchemas) {
      Path found =
          STANDARD_INCLUDES.stream()
              .filter(dir -> Files.exists(dir.resolve(standard)))
              .findFirst()
              .orElseThrow(
                  () ->
                      new SchemaCompileException(
                          "standard schema "
                              + standard
                              + " not found under "
                              + STANDARD_INCLUDES
                              + "; install it with: sudo apt-get install capnproto"));
      written.addAll(compile(List.of(found.resolve(standard)), found, outDir));
    }
    return written;
  }

  /** Compiles the given schemas (named relative to {@code srcPrefix}) into {@code outDir}. */
  public List<String> compile(List<Path> schemas, Path srcPrefix, Path outDir) {
    byte[] request = request(schemas, srcPrefix);
    try {
      MessageReader message =
          Serialize.read(ByteBuffer.wrap(request), new ReaderOptions(Long.MAX_VALUE / 16, 64));
      List<JavaGenerator.GeneratedFile> files =
          new JavaGenerator(
                  message.getRoot(Schema.CodeGeneratorRequest.factory), rpc, standardPackage)
              .generate();
      List<String> written = new ArrayList<>();
      for (JavaGenerator.GeneratedFile file : files) {
        Path path = outDir.resolve(file.path());
        Files.createDirectories(path.getParent());
        Files.writeString(path, file.content(), StandardCharsets.UTF_8);
        written.add(file.path());
      }
      return written;
    } catch (UnsupportedSchemaException e) {
      throw new SchemaCompileException("capnpc-corral: " + e.locatedUnder(srcPrefix).getMessage());
    } catch (IOException e) {
      throw new SchemaCompileException(
          "cannot write generated Java under " + outDir + ": " + e.getMessage());
    }
  }

  /**
   * Runs {@code capnp compile -o-} on the given schemas (named relative to {@code srcPrefix}) and
   * returns the CodeGeneratorRequest it writes: every node of the schemas and of what they import,
   * with their doc comments, as {@link corral.idl.reflect.SchemaRegistry#addRequest(byte[])} reads
   * it.
   *
   * @throws SchemaCompileException when capnp rejects a schema (with capnp's file:line message) or
   *     cannot be run
   */
  public byte[] request(List<Path> schemas, Path srcPrefix) {
    return run(compileCommand("-o-", schemas, srcPrefix));
  }

  /**
   * Runs {@code capnp compile -oc++} on the given schemas (named relative to {@code srcPrefix}),
   * writing their C++ ({@code NAME.capnp.h}, {@code NAME.capnp.c++}) under {@code outDir}: for the
   * C++ reference programs that tests and benchmarks build against our Java. The same imports
   * resolve as for Java ({@code /capnp/java.capnp} included).
   *
   * @throws SchemaCompileException when capnp rejects a schema or cannot be run
   */
  public void compileCpp(List<Path> schemas, Path srcPrefix, Path outDir) {
    try {
      Files.createDirectories(outDir);
    } catch (IOException e) {
      throw new SchemaCompileException("cannot create " + outDir + ": " + e.getMessage());
    }
    run(compileCommand("-oc++:" + outDir, schemas, srcPrefix));
  }

  /** {@code capnp compile OUTPUT} of {@code schemas} with our imports and {@code srcPrefix}. */
  private List<String> compileCommand(String output, List<Path> schemas, Path srcPrefix) {
    List<String> command = new ArrayList<>();
    command.add(capnp);
    command.add("compile");
    command.add(output);
    command.add("--src-prefix=" + srcPrefix);
    command.add("-I" + extractShippedImports());
    command.add("-I" + srcPrefix);
    for (Path dir : includes) {
      command.add("-I" + dir);
    }
    for (Path schema : schemas) {
      command.add(schema.toString());
    }
    return command;
  }

  /** The annotation schemas shipped in this jar, which every schema may import. */
  private static final List<String> SHIPPED_IMPORTS =
      List.of("capnp/java.capnp", "capnp/corral.capnp");

  private Path extractShippedImports() {
    for (String name : SHIPPED_IMPORTS) {
      Path file = scratch.resolve(name);
      try (InputStream in = SchemaCompiler.class.getResourceAsStream("/" + name)) {
        if (in == null) {
          throw new SchemaCompileException(name + " is missing from corral-idl");
        }
        Files.createDirectories(file.getParent());
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new SchemaCompileException("cannot write " + file + ": " + e.getMessage());
      }
    }
    return scratch;
  }

  private byte[] run(List<String> command) {
    Process process;
    try {
      process = new ProcessBuilder(command).start();
    } catch (IOException e) {
      throw new SchemaCompileException(
          "cannot run '"
              + capnp
              + "' ("
              + e.getMessage()
              + "); install it with: sudo apt-get install capnproto");
    }
    try {
      process.getOutputStream().close();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      Thread drain =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      process.getErrorStream().transferTo(err);
                    } catch (IOException ignored) {
                      // the exit status tells
                    }
                  });
      byte[] stdout = process.getInputStream().readAllBytes();
      int status = process.waitFor();
      drain.join();
      if (status != 0) {
        throw new SchemaCompileException(
            "capnp rejected the schema:\n" + err.toString(StandardCharsets.UTF_8).strip());
      }
      return stdout;
    } catch (IOException e) {
      throw new SchemaCompileException("capnp failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaCompileException("interrupted while running capnp");
    }
  }

  /** Command-line entry, used by the idl module's own build (exec:java); throws on failure. */
  public static void main(String[] args) {
    if (args.length < 2) {
      throw new IllegalArgumentException(
          "usage: SchemaCompiler OUTDIR SRCDIR [-I DIR]... [--standard capnp/rpc.capnp]..."
              + " [--no-rpc]");
    }
    Path out = Path.of(args[0]);
    Path src = Path.of(args[1]);
    List<Path> includes = new ArrayList<>();
    List<String> standard = new ArrayList<>();
    boolean rpc = true;
    for (int i = 2; i < args.length; i++) {
      switch (args[i]) {
        case "-I" -> includes.add(Path.of(args[++i]));
        case "--standard" -> standard.add(args[++i]);
        case "--no-rpc" -> rpc = false;
        default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
      }
    }
    new SchemaCompiler("capnp", includes, out.resolveSibling(out.getFileName() + "-include"), rpc)
        .compileTree(src, standard, out);
  }
}
