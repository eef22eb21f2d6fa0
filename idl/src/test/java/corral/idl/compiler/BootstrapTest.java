package corral.idl.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The committed code of the standard schemas that ship in {@code corral-idl} is exactly what the
 * generator makes of them today: {@code corral.capnp.Schema} (the reader of {@code schema.capnp}
 * the generator reads its own requests with) and {@code corral.capnp.Stream} ({@code
 * stream.capnp}'s {@code StreamResult}, the results of every {@code -> stream} method). When this
 * fails after a generator change, regenerate them as {@code idl/README.md} (Bootstrap) says and
 * commit them with the change.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BootstrapTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({"capnp/schema.capnp, Schema", "capnp/stream.capnp, Stream"})
  void regeneratingAShippedStandardSchemaReproducesTheCommittedCodeByteForByte(
      String schema, String outerClass, @TempDir Path tmp) throws IOException {
    SchemaCompiler compiler = new SchemaCompiler("capnp", List.of(), tmp.resolve("include"));
    String path = "corral/capnp/" + outerClass + ".java";
    List<String> written =
        compiler.compileTree(tmp.resolve("none"), List.of(schema), tmp.resolve("out"));
    assertEquals(List.of(path), written);
    Path committed = CapnpTool.MODULE.resolve("src/main/java/" + path);
    String expected = Files.readString(committed, StandardCharsets.UTF_8);
    String actual = Files.readString(tmp.resolve("out/" + path), StandardCharsets.UTF_8);
    assertEquals(
        expected, actual, committed + " is stale: regenerate it (idl/README.md, Bootstrap)");
  }

  @Test
  void aFilesCodeDoesNotDependOnWhatElseIsCompiledWithIt(@TempDir Path tmp) throws IOException {
    SchemaCompiler compiler = new SchemaCompiler("capnp", List.of(), tmp.resolve("include"));
    Path include = Path.of("/usr/include");
    Path stream = include.resolve("capnp/stream.capnp");
    compiler.compile(List.of(stream), include, tmp.resolve("alone"));
    compiler.compile(
        List.of(include.resolve("capnp/schema.capnp"), stream), include, tmp.resolve("together"));
    String path = "corral/capnp/Stream.java";
    assertEquals(
        Files.readString(tmp.resolve("alone").resolve(path)),
        Files.readString(tmp.resolve("together").resolve(path)));
  }
}
