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
import org.apache.maven.plugin.logging.SystemStreamLog;
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
  private static final Path IDL = Readme.IDL;
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
            struct Holder {
              lists @0 :List(AnyList);
            }
            """);
    Path out = Files.createDirectories(dir.resolve("out"));
    Result r = capnpCompile(dir, schema, out);
    assertTrue(r.status() != 0);
    assertEquals(
        "capnpc-corral: "
            + schema.toRealPath()
            + ":3: Holder.lists: List(AnyList) is not supported by the"
            + " org.capnproto runtime\n"
            + WRAPPER
            + ": plugin failed: exit code 1\n",
        r.stderr());
    try (Stream<Path> files = Files.walk(out)) {
      assertEquals(1, files.count(), "nothing may be written");
    }
  }

  @Test
  void theReadmeOneLinerWritesJavaThatCompiles(@TempDir Path dir) throws Exception {
    String block = Readme.codeBlocks("## Standalone").get(0);
    String command =
        block
            .replace("/path/to/corral/idl", IDL.toString())
            .replace("/path/to/capnpc-corral", WRAPPER.toString());
    assertTrue(command.contains("my-driver.capnp"), block);
    write(dir.resolve("my-driver.capnp"), SCHEMA);
    Process p =
        new ProcessBuilder("sh", "-c", command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the README's command did not finish");
    assertEquals(0, p.exitValue(), command + "\n" + output);
    Path java = dir.resolve("src/generated/java/user/disk/Disk.java");
    assertTrue(Files.exists(java), "expected " + java);
    assertEquals(List.of(), javac(List.of(java), dir.resolve("classes")));
  }

  @Test
  void helpPrintsUsageAndExitsWithoutWaitingForARequest() throws Exception {
    Process p = new ProcessBuilder(WRAPPER.toString(), "--help").start(); // stdin stays open
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "--help waited");
    assertEquals(0, p.exitValue());
    assertEquals(USAGE, out);
  }

  private static final String USAGE =
      """
      usage: capnp compile -I<dir with capnp/java.capnp> -o<path to capnpc-corral>:OUTDIR SCHEMA...

      capnpc-corral is a Cap'n Proto code generator plugin: capnp runs it with a
      CodeGeneratorRequest on standard input and it writes one .java file per schema
      under OUTDIR. CAPNPC_CORRAL_RPC=0 generates interface metadata only (no client
      stubs or servers, so the output needs no corral-runtime).
      """;

  @Test
  void anUnknownOptionIsAUsageError() throws Exception {
    Process p = new ProcessBuilder(WRAPPER.toString(), "--bogus", "x").start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(2, p.exitValue());
    assertEquals("capnpc-corral: unexpected arguments [--bogus, x]\n" + USAGE, err);
  }

  @Test
  void runFromATerminalItSaysWhatItExpectsInsteadOfWaiting() throws Exception {
    // script(1) gives the plugin a terminal as standard input and output, as a shell would
    Process p = new ProcessBuilder("script", "-qec", WRAPPER.toString(), "/dev/null").start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the plugin waited on a terminal");
    assertEquals(2, p.exitValue(), out);
    assertEquals(
        ("capnpc-corral: standard input is a terminal, but this plugin reads a binary"
                + " CodeGeneratorRequest from capnp.\n"
                + USAGE)
            .replace("\n", "\r\n"), // the terminal's line discipline
        out);
  }

  @Test
  void underAnOlderJavaItNamesTheJavaItNeedsAndHowToSetIt() throws Exception {
    Path java17 = Path.of("/usr/bin/java").toRealPath();
    Path home = java17.getParent().getParent();
    ProcessBuilder pb = new ProcessBuilder(WRAPPER.toString(), "--help");
    pb.environment().put("JAVA_HOME", home.toString());
    Process p = pb.start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(1, p.exitValue(), err);
    String version = javaVersion(java17);
    assertTrue(version.startsWith("17."), "the machine's default Java: " + version);
    assertEquals(
        "capnpc-corral: needs Java 25 or later, but "
            + java17
            + " is Java "
            + version
            + ".\nSet JAVA_HOME to a Java 25 installation, e.g. export"
            + " JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64\n",
        err);
  }

  private static String javaVersion(Path java) throws Exception {
    Process p =
        new ProcessBuilder(java.toString(), "-XshowSettings:properties", "-version").start();
    String all = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    return all.lines()
        .filter(l -> l.strip().startsWith("java.version ="))
        .map(l -> l.substring(l.indexOf('=') + 1).strip())
        .findFirst()
        .orElseThrow();
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

  @Test
  void theGoalRemovesTheJavaOfADeletedSchema(@TempDir Path dir) throws Exception {
    Path schema = write(dir.resolve("src/main/capnp/user/disk.capnp"), SCHEMA);
    write(dir.resolve("src/main/capnp/other.capnp"), "@0xc1d2e3f4a5b6c7d9;\nstruct Other {}\n");
    CapnpCompileMojo mojo = mojo(dir);
    mojo.execute();
    Path out = mojo.outputDirectory.toPath();
    assertEquals(List.of("Other.java", "user/disk/Disk.java"), javaFiles(out));
    Files.delete(schema);
    mojo(dir).execute();
    assertEquals(List.of("Other.java"), javaFiles(out));
  }

  @Test
  void outsideTheBuildDirectoryOnlyWhatTheGoalGeneratedIsRemoved(@TempDir Path dir)
      throws Exception {
    Path schema = write(dir.resolve("src/main/capnp/user/disk.capnp"), SCHEMA);
    Path sources = dir.resolve("src/main/java");
    Path own = write(sources.resolve("user/Own.java"), "package user;\nclass Own {}\n");
    CapnpCompileMojo mojo = mojo(dir);
    mojo.outputDirectory = sources.toFile();
    mojo.execute();
    assertEquals(List.of("user/Own.java", "user/disk/Disk.java"), javaFiles(sources));
    Files.delete(schema);
    mojo = mojo(dir);
    mojo.outputDirectory = sources.toFile();
    mojo.execute();
    assertEquals(List.of("user/Own.java"), javaFiles(sources));
    assertTrue(Files.exists(own));
  }

  @Test
  void aChangeOfTheRpcModeRegeneratesWithoutClean(@TempDir Path dir) throws Exception {
    write(
        dir.resolve("src/main/capnp/svc.capnp"),
        "@0xc1d2e3f4a5b6c7da;\ninterface Service { ping @0 (); }\n");
    Path java = dir.resolve("target/generated-sources/capnp/Svc.java");
    mojo(dir).execute();
    assertTrue(Files.readString(java).contains("class Client "), "rpc mode has a Client");
    CapnpCompileMojo metadataOnly = mojo(dir);
    metadataOnly.rpc = false;
    metadataOnly.execute();
    assertFalse(Files.readString(java).contains("class Client "), "metadata only: no Client");
  }

  @Test
  void aChangedImportPathOrImportedSchemaRegeneratesWithoutClean(@TempDir Path dir)
      throws Exception {
    write(
        dir.resolve("src/main/capnp/user.capnp"),
        """
        @0xc1d2e3f4a5b6c7db;
        using Shared = import "/shared.capnp";
        struct User { s @0 :Shared.Thing; }
        """);
    Path first = write(dir.resolve("first/shared.capnp"), shared("first"));
    write(dir.resolve("second/shared.capnp"), shared("second"));
    Path java = dir.resolve("target/generated-sources/capnp/User.java");

    CapnpCompileMojo mojo = mojo(dir);
    mojo.importPaths = List.of(first.getParent().toFile());
    mojo.execute();
    assertTrue(Files.readString(java).contains("first.Shared.Thing"));

    mojo = mojo(dir);
    mojo.importPaths = List.of(dir.resolve("second").toFile());
    mojo.execute();
    assertTrue(Files.readString(java).contains("second.Shared.Thing"));

    write(dir.resolve("second/shared.capnp"), shared("third"));
    mojo = mojo(dir);
    mojo.importPaths = List.of(dir.resolve("second").toFile());
    mojo.execute();
    assertTrue(Files.readString(java).contains("third.Shared.Thing"));
  }

  private static String shared(String pkg) {
    return """
        @0xc1d2e3f4a5b6c7dc;
        using Java = import "/capnp/java.capnp";
        $Java.package("%s");
        struct Thing {}
        """
        .formatted(pkg);
  }

  @Test
  void nothingIsGeneratedAgainWhenNothingChanged(@TempDir Path dir) throws Exception {
    write(dir.resolve("src/main/capnp/user/disk.capnp"), SCHEMA);
    mojo(dir).execute();
    CapturedLog log = new CapturedLog();
    CapnpCompileMojo again = mojo(dir);
    again.setLog(log);
    again.execute();
    assertEquals(List.of("info: capnp: schemas up to date in " + again.outputDirectory), log.lines);
  }

  @Test
  void aMissingImportPathIsSkippedWithAWarning(@TempDir Path dir) throws Exception {
    write(dir.resolve("src/main/capnp/user/disk.capnp"), SCHEMA);
    CapturedLog log = new CapturedLog();
    CapnpCompileMojo mojo = mojo(dir);
    mojo.importPaths = List.of(dir.resolve("no-such-dir").toFile());
    mojo.setLog(log);
    mojo.execute();
    assertEquals(
        List.of(
            "warn: capnp: import path " + dir.resolve("no-such-dir") + " does not exist; skipped",
            "info: capnp: 1 Java file(s) in " + mojo.outputDirectory),
        log.lines);
  }

  @Test
  void standardSchemasGoInTheChosenPackage(@TempDir Path dir) throws Exception {
    CapnpCompileMojo mojo = mojo(dir);
    mojo.standardSchemas = List.of("capnp/rpc-twoparty.capnp");
    mojo.standardPackage = "user.capnp";
    mojo.execute();
    assertEquals(List.of("user/capnp/RpcTwoParty.java"), javaFiles(mojo.outputDirectory.toPath()));
  }

  @Test
  void aStandardPackageThatIsNoJavaPackageIsRefused(@TempDir Path dir) {
    CapnpCompileMojo mojo = mojo(dir);
    mojo.standardPackage = "1bad.pkg";
    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
    assertEquals("standardPackage '1bad.pkg' is not a Java package name", e.getMessage());
  }

  @Test
  void aFailedRunLeavesNoJavaBehind(@TempDir Path dir) throws Exception {
    write(dir.resolve("src/main/capnp/user/disk.capnp"), SCHEMA);
    CapnpCompileMojo mojo = mojo(dir);
    mojo.execute();
    write(
        dir.resolve("src/main/capnp/zz-broken.capnp"),
        "@0xe1d2e3f4a5b6c7dd;\nstruct B { f @0 :Nope; }\n");
    assertThrows(MojoFailureException.class, mojo(dir)::execute);
    assertEquals(List.of(), javaFiles(mojo.outputDirectory.toPath()));
  }

  private static List<String> javaFiles(Path out) throws IOException {
    if (!Files.exists(out)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(out)) {
      return files
          .filter(p -> p.toString().endsWith(".java"))
          .map(p -> out.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  /** The goal's log lines, as {@code level: text}. */
  private static final class CapturedLog extends SystemStreamLog {
    final List<String> lines = new ArrayList<>();

    @Override
    public void info(CharSequence content) {
      lines.add("info: " + content);
    }

    @Override
    public void warn(CharSequence content) {
      lines.add("warn: " + content);
    }
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
    mojo.setLog(new CapturedLog()); // keeps the goal's info lines out of the test output
    return mojo;
  }

  private record Result(int status, String stderr) {}

  private static Result capnpCompile(Path dir, Path schema, Path out) throws Exception {
    assertTrue(
        Files.isExecutable(WRAPPER), WRAPPER + " is missing: build idl first (./mvnw package)");
    ProcessBuilder pb =
        new ProcessBuilder(
                "capnp",
                "compile",
                "-I" + ANNOTATIONS,
                "--src-prefix=" + dir,
                "-o" + WRAPPER + ":" + out,
                schema.toString())
            .directory(dir.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("PWD", dir.toString()); // as a shell in dir sets it (capnp checks)
    Process p = pb.start();
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
