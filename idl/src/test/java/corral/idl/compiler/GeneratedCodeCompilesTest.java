package corral.idl.compiler;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated code compiles without a single warning under {@code -Xlint:all -Werror}: the
 * conformance schemas, the golden schemas and the bootstrap {@code schema.capnp} reader.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GeneratedCodeCompilesTest {

  @Test
  void generatedCodeCompilesWithAllLintWarningsAsErrors(@TempDir Path tmp) throws IOException {
    Path src = tmp.resolve("src");
    SchemaCompiler compiler = new SchemaCompiler("capnp", List.of(), tmp.resolve("include"));
    compiler.compileTree(CapnpTool.TEST_SCHEMAS, List.of("capnp/schema.capnp"), src);
    compiler.compileTree(GoldenTest.GOLDEN, List.of(), src);
    List<Path> sources;
    try (Stream<Path> files = Files.walk(src)) {
      sources = files.filter(p -> p.toString().endsWith(".java")).toList();
    }
    assertTrue(sources.size() >= 7, "generated sources: " + sources);

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    Path classes = Files.createDirectories(tmp.resolve("classes"));
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
      Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
      List<String> options =
          new ArrayList<>(
              List.of(
                  "-Xlint:all",
                  "-Werror",
                  "-Xdoclint:all,-missing",
                  "-classpath",
                  System.getProperty("java.class.path"),
                  "-d",
                  classes.toString()));
      boolean ok = javac.getTask(diagnostics, files, null, options, null, units).call();
      assertTrue(ok, "generated code does not compile cleanly:\n" + diagnostics);
      assertTrue(diagnostics.toString().isBlank(), "javac said:\n" + diagnostics);
    }
  }
}
