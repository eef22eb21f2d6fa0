package corral.idl.compiler;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles generated Java (and any test code written next to it) with the system compiler, as a
 * user's build would, under {@code -Xlint:all -Werror}, against the test class path.
 */
final class GeneratedJava {
  private GeneratedJava() {}

  /**
   * Compiles every {@code .java} file under {@code sources} into {@code classes}.
   *
   * @return the number of files compiled
   * @throws AssertionError with javac's diagnostics when it fails or warns
   */
  static int compile(Path sources, Path classes) {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(sources)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).toList();
      Files.createDirectories(classes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    try (StandardJavaFileManager manager = javac.getStandardFileManager(null, null, null)) {
      List<String> options =
          List.of(
              "-Xlint:all",
              "-Werror",
              "-Xdoclint:all,-missing",
              "-classpath",
              System.getProperty("java.class.path"),
              "-d",
              classes.toString());
      boolean ok =
          javac
              .getTask(
                  diagnostics,
                  manager,
                  null,
                  options,
                  null,
                  manager.getJavaFileObjectsFromPaths(files))
              .call();
      assertTrue(ok, "generated code does not compile cleanly:\n" + diagnostics);
      assertTrue(diagnostics.toString().isBlank(), "javac said:\n" + diagnostics);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files.size();
  }

  /** A class loader over {@code classes} whose parent is the test's (it has the capnp runtime). */
  static URLClassLoader loader(Path classes) {
    try {
      return new URLClassLoader(
          new URL[] {classes.toUri().toURL()}, GeneratedJava.class.getClassLoader());
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
