package corral.runtime.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.runtime.testing.OutsideBuild;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "Getting started" of {@code runtime/README.md}, as a user meets it: a Maven project of the
 * user's own, outside the reactor, made of the README's code blocks as written (schema, server,
 * client), the README's dependencies and {@code idl/README.md}'s plugin snippet, built by Maven
 * (the schema by the real {@code capnp} and our generator in RPC mode), and run as two processes
 * with the README's flags and the class path Maven resolved. The client prints the greeting, and
 * neither process writes anything to standard error: no {@code SLF4J(W): No SLF4J providers}, no
 * JDK native-access warning.
 *
 * <p>Corral's artifacts (the parent pom, {@code corral-idl}, the plugin, this module) are installed
 * into a private local repository in the test's temporary directory; everything else comes
 * read-only from the shared one ({@code -Dmaven.repo.local.tail}, Maven 3.9); what neither holds
 * (plugins at Maven's default versions) Maven fetches from Maven Central into the private one.
 * Nothing is installed into {@code ~/.m2}. Runs in {@code integration-test}, after this module is
 * packaged.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class GettingStartedIT {
  private static final Path README = Path.of("../README.md");
  private static final Pattern BLOCK =
      Pattern.compile("^```(\\w+) (\\S+)\\n(.*?)^```$", Pattern.MULTILINE | Pattern.DOTALL);
  private static final long WAIT_SECONDS = 30;
  private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
  private static final String VERSION = System.getProperty("corral.version");

  /** The README's code blocks that name a file ({@code ```java GreeterServer.java}), by name. */
  private static Map<String, String> blocks() throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    Matcher m = BLOCK.matcher(Files.readString(README));
    while (m.find()) {
      files.put(m.group(2), m.group(3));
    }
    return files;
  }

  private static long javaLines(String source) {
    return source.lines().filter(l -> !l.isBlank()).count();
  }

  @Test
  void theReadmeStatesTheLineCountOfItsClientAndServerAndItIsAtMostTwenty() throws IOException {
    Map<String, String> files = blocks();
    long server = javaLines(files.get("GreeterServer.java"));
    long client = javaLines(files.get("GreeterClient.java"));
    String stated =
        "That is "
            + (server + client)
            + " lines of Java for both ("
            + server
            + " + "
            + client
            + ", blank lines not counted)";
    assertTrue(Files.readString(README).contains(stated), "the README should say: " + stated);
    assertTrue(server + client <= 20, stated);
  }

  @Test
  void theReadmesServerAndClientRunAsTwoProcessesAndPrintOnlyTheGreeting(@TempDir Path tmp)
      throws Exception {
    Map<String, String> files = blocks();
    OutsideBuild build =
        new OutsideBuild(ROOT, tmp.resolve("repository"), VERSION)
            .install("corral-idl", "idl", true)
            .install("corral-capnp-maven-plugin", "idl/maven-plugin", true)
            .install("corral-runtime-rpc", "runtime/rpc", true);
    Path project = tmp.resolve("user-project");
    write(
        project.resolve("pom.xml"),
        OutsideBuild.userPom("greeter", readmeDependencies(), idlPluginSnippet()));
    write(project.resolve("src/main/capnp/hello.capnp"), files.get("hello.capnp"));
    for (String name : List.of("GreeterServer.java", "GreeterClient.java")) {
      write(project.resolve("src/main/java").resolve(name), files.get(name));
    }
    Path classpathFile = tmp.resolve("classpath.txt");
    build.maven(
        project,
        "package",
        "org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath",
        "-Dmdep.includeScope=runtime",
        "-Dmdep.outputFile=" + classpathFile);
    String classpath =
        project.resolve("target/classes") + File.pathSeparator + Files.readString(classpathFile);
    Path socket = tmp.resolve("hello.sock");

    Process server = start(tmp, classpath, "GreeterServer", "unix:" + socket, "server");
    try {
      awaitCreated(socket, server);
      Process client = start(tmp, classpath, "GreeterClient", "unix:" + socket, "client");
      assertTrue(client.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), "the client did not finish");
      assertEquals("", read(tmp, "client.err"), "the client's standard error");
      assertEquals("Hello, world!\n", read(tmp, "client.out"));
      assertEquals(0, client.exitValue());
    } finally {
      server.destroy(); // SIGTERM, as a user's Ctrl-C or service stop
      server.waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
    }
    assertEquals("", read(tmp, "server.err"), "the server's standard error");
  }

  /** The README's Maven dependencies: its last {@code xml} block. */
  private static String readmeDependencies() throws IOException {
    Matcher m =
        Pattern.compile("^```xml\\n(.*?)^```$", Pattern.MULTILINE | Pattern.DOTALL)
            .matcher(Files.readString(README));
    String last = null;
    while (m.find()) {
      last = m.group(1);
    }
    assertTrue(last != null, "runtime/README.md has no xml block");
    return last;
  }

  /** The plugin snippet of idl/README.md's "## Maven" section: its second {@code xml} block. */
  private static String idlPluginSnippet() throws IOException {
    String idl = Files.readString(ROOT.resolve("idl/README.md"));
    String section = idl.substring(idl.indexOf("\n## Maven"));
    Matcher m =
        Pattern.compile("^```xml\\n(.*?)^```$", Pattern.MULTILINE | Pattern.DOTALL)
            .matcher(section);
    assertTrue(m.find() && m.find(), "idl/README.md's Maven section has no plugin snippet");
    return m.group(1);
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  /** Starts {@code main} as the README runs it, its output in {@code role.out} / {@code .err}. */
  private static Process start(Path dir, String classpath, String main, String address, String role)
      throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(
            java.toString(), "--enable-native-access=ALL-UNNAMED", "-cp", classpath, main, address)
        .redirectOutput(dir.resolve(role + ".out").toFile())
        .redirectError(dir.resolve(role + ".err").toFile())
        .start();
  }

  private static String read(Path dir, String name) throws IOException {
    return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
  }

  /** Waits (on file-system events, at most {@code WAIT_SECONDS}) until {@code path} exists. */
  private static void awaitCreated(Path path, Process server) throws Exception {
    try (WatchService watch = FileSystems.getDefault().newWatchService()) {
      path.getParent().register(watch, StandardWatchEventKinds.ENTRY_CREATE);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
      while (!Files.exists(path)) {
        assertTrue(server.isAlive(), () -> "the server exited: " + readQuietly(path, "server.err"));
        long left = deadline - System.nanoTime();
        assertTrue(left > 0, "the server did not listen within " + WAIT_SECONDS + " s");
        WatchKey key =
            watch.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(500)), TimeUnit.NANOSECONDS);
        if (key != null) {
          key.pollEvents();
          key.reset();
        }
      }
    }
  }

  private static String readQuietly(Path socket, String name) {
    try {
      return read(socket.getParent(), name);
    } catch (IOException e) {
      return "(" + e + ")";
    }
  }
}
