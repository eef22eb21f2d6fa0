package corral.runtime.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.idl.compiler.SchemaCompiler;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "Getting started" of {@code runtime/README.md}, as a user meets it: its schema, server and
 * client are taken from the README's code blocks as written, compiled (the schema by the real
 * {@code capnp} and our generator in RPC mode), and run as two processes with the README's flags
 * and the dependencies it lists (this module's classes and runtime jars, {@code slf4j-simple}). The
 * client prints the greeting, and neither process writes anything to standard error: no {@code
 * SLF4J(W): No SLF4J providers}, no JDK native-access warning.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class GettingStartedTest {
  private static final Path README = Path.of("../README.md");
  private static final Pattern BLOCK =
      Pattern.compile("^```(\\w+) (\\S+)\\n(.*?)^```$", Pattern.MULTILINE | Pattern.DOTALL);
  private static final long WAIT_SECONDS = 30;

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
    Path schemas = Files.createDirectories(tmp.resolve("capnp"));
    Files.writeString(schemas.resolve("hello.capnp"), files.get("hello.capnp"));
    Path src = tmp.resolve("src");
    new SchemaCompiler("capnp", List.of(), tmp.resolve("scratch"), true)
        .compileTree(schemas, List.of(), src);
    for (String name : List.of("GreeterServer.java", "GreeterClient.java")) {
      Files.writeString(Files.createDirectories(src).resolve(name), files.get(name));
    }
    Path classes = compile(src, tmp.resolve("classes"));
    String classpath = classes + File.pathSeparator + userClasspath();
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

  /** Compiles {@code src} as a user's build would (all lint warnings on); the classes' folder. */
  private static Path compile(Path src, Path classes) throws IOException {
    List<Path> sources;
    try (Stream<Path> all = Files.walk(src)) {
      sources = all.filter(p -> p.toString().endsWith(".java")).toList();
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    Files.createDirectories(classes);
    try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, null)) {
      List<String> options =
          List.of("-Xlint:all", "-classpath", userClasspath(), "-d", classes.toString());
      boolean ok =
          javac
              .getTask(
                  diagnostics, fm, null, options, null, fm.getJavaFileObjectsFromPaths(sources))
              .call();
      assertTrue(ok, "the README's code does not compile:\n" + diagnostics);
      assertEquals("", diagnostics.toString(), "javac warned about the README's code");
    }
    return classes;
  }

  /**
   * What a user's project has on its class path: this module's classes and runtime dependencies and
   * an SLF4J provider, as the README lists them; not the test framework or test classes.
   */
  private static String userClasspath() {
    List<String> kept = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      boolean test =
          entry.endsWith("test-classes")
              || name.startsWith("junit-")
              || name.startsWith("opentest4j")
              || name.startsWith("apiguardian")
              || name.startsWith("corral-runtime-testing")
              || entry.contains("/surefire");
      if (!test) {
        kept.add(entry);
      }
    }
    return String.join(File.pathSeparator, kept);
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
