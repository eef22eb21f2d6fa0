package corral.idl.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.apache.maven.model.Build;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two ways users compile their own schemas: the standalone {@code capnpc-corral} plugin under
 * the real {@code capnp compile}, and the {@code capnp:compile} goal. Runs after the idl module is
 * packaged (the reactor builds it first), so {@code idl/target/capnpc-corral} exists.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SchemaToolsTest {
  private static final Path IDL = Path.of("..").toAbsolutePath().normalize();
  private static final Path WRAPPER = IDL.resolve("target/capnpc-corral");
  private static final Path SHADED_JAR = IDL.resolve("target/capnpc-corral.jar");
  private static final Path ANNOTATIONS = IDL.resolve("src/main/capnp");

  private static final String SCHEMA =
      """
      @0xc1d2e3f4a5b6c7d8;
      using Java = import "/capnp/java.capnp";
      $Java.package("user.disk");
      $Java.outerClassname("Disk");

      struct Sector {
        # One sector of a user's disk.
        index @0 :UInt64;
        bytes @1 :Data;
        state @2 :State = clean;
        enum State { clean @0; dirty @1; }
      }
      """;

  @Test
  void standalonePluginUnderCapnpCompileWritesJavaThatCompilesCleanly(@TempDir Path dir)
      throws Exception {
    Path schema = write(dir.resolve("disk.capnp"), SCHEMA);
    Path out = Files.createDirectories(dir.resolve("out"));
    Result r = capnpCompile(dir, schema, out);
    assertEquals(0, r.status(), r.stderr());
    Path java = out.resolve("user/disk/Disk.java");
    assertTrue(Files.exists(java), "expected " + java);
    List<String> errors = javac(List.of(java), dir.resolve("classes"));
    assertEquals(List.of(), errors);
  }

  @Test
  void standalonePluginNamesFileDeclarationAndFeatureWhenItCannotTranslate(@TempDir Path dir)
      throws Exception {
    Path schema =
        write(
            dir.resolve("bad.capnp"),
            """
            @0xd1d2e3f4a5b6c7d9;
            struct Box(T) { value @0 :T; }
            interface Thing {}
            struct Holder { boxed @0 :Box(Thing); }
            """);
    Path out = Files.createDirectories(dir.resolve("out"));
    Result r = capnpCompile(dir, schema, out);
    assertTrue(r.status() != 0);
    assertTrue(r.stderr().contains("capnpc-corral: bad.capnp: Holder.boxed: "), r.stderr());
    try (Stream<Path> files = Files.walk(out)) {
      assertEquals(1, files.count(), "nothing may be written");
    }
  }

  @Test
  void mavenGoalCompilesSchemasAndAddsTheGeneratedSourceRoot(@TempDir Path dir) throws Exception {
    write(dir.resolve("src/main/capnp/user/disk.capnp"), SCHEMA);
    CapnpCompileMojo mojo = mojo(dir);
    mojo.execute();
    Path java = dir.resolve("target/generated-sources/capnp/user/disk/Disk.java");
    assertTrue(Files.exists(java));
    assertTrue(
        mojo.project.getCompileSourceRoots().contains(mojo.outputDirectory.toString()),
        mojo.project.getCompileSourceRoots().toString());
    assertEquals(List.of(), javac(List.of(java), dir.resolve("classes")));
  }

  @Test
  void mavenGoalFailsWithCapnpsOwnFileAndLineForABrokenSchema(@TempDir Path dir) throws Exception {
    write(
        dir.resolve("src/main/capnp/broken.capnp"),
        """
        @0xe1d2e3f4a5b6c7da;
        struct Broken {
          field @0 :NoSuchType;
        }
        """);
    CapnpCompileMojo mojo = mojo(dir);
    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(e.getMessage().startsWith("capnp rejected the schema:\n"), e.getMessage());
    assertTrue(e.getMessage().contains("broken.capnp:3:"), e.getMessage());
    assertTrue(e.getMessage().contains("NoSuchType"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("target/generated-sources/capnp/Broken.java")));
  }

  private static CapnpCompileMojo mojo(Path basedir) {
    MavenProject project = new MavenProject();
    Build build = new Build();
    build.setDirectory(basedir.resolve("target").toString());
    project.setBuild(build);
    CapnpCompileMojo mojo = new CapnpCompileMojo();
    mojo.project = project;
    mojo.sourceDirectory = basedir.resolve("src/main/capnp").toFile();
    mojo.outputDirectory = basedir.resolve("target/generated-sources/capnp").toFile();
    mojo.capnpExecutable = "capnp";
    return mojo;
  }

  private record Result(int status, String stderr) {}

  private static Result capnpCompile(Path dir, Path schema, Path out) throws Exception {
    assertTrue(
        Files.isExecutable(WRAPPER), WRAPPER + " is missing: build idl first (./mvnw package)");
    Process p =
        new ProcessBuilder(
                "capnp",
                "compile",
                "-I" + ANNOTATIONS,
                "--src-prefix=" + dir,
                "-o" + WRAPPER + ":" + out,
                schema.toString())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "capnp compile did not finish");
    return new Result(p.exitValue(), err);
  }

  private static List<String> javac(List<Path> sources, Path classes) throws IOException {
    Files.createDirectories(classes);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, null)) {
      List<String> options =
          List.of("-Xlint:all", "-Werror", "-cp", SHADED_JAR.toString(), "-d", classes.toString());
      List<File> inputs = new ArrayList<>();
      sources.forEach(s -> inputs.add(s.toFile()));
      javac
          .getTask(
              null, files, diagnostics, options, null, files.getJavaFileObjectsFromFiles(inputs))
          .call();
    }
    return diagnostics.getDiagnostics().stream().map(d -> d.toString()).toList();
  }

  private static Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }
}
