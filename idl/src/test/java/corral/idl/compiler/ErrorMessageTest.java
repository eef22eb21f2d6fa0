package corral.idl.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import corral.capnp.Schema;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.capnproto.Serialize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The exact text a user sees when a schema is wrong or uses what the generator cannot do. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ErrorMessageTest {
  static final Path ERRORS = CapnpTool.MODULE.resolve("src/test/resources/errors");

  @Test
  void aSchemaCapnpRejectsShowsCapnpsOwnMessageWithFileAndLine(@TempDir Path tmp) {
    SchemaCompiler compiler = new SchemaCompiler("capnp", List.of(), tmp.resolve("include"));
    SchemaCompileException e =
        assertThrows(
            SchemaCompileException.class,
            () ->
                compiler.compile(
                    List.of(ERRORS.resolve("broken.capnp")), ERRORS, tmp.resolve("out")));
    String file = ERRORS.resolve("broken.capnp").toString();
    assertEquals(
        "capnp rejected the schema:\n"
            + file
            + ":5:6-7: error: Duplicate ordinal number.\n"
            + file
            + ":4:6-7: error: Ordinal @0 originally used here.",
        e.getMessage());
    assertFalse(Files.exists(tmp.resolve("out")), "nothing is written for a rejected schema");
  }

  @Test
  void anUnsupportedFeatureNamesFileDeclarationAndWhat() throws IOException {
    byte[] request =
        CapnpTool.run(
            List.of(
                "capnp",
                "compile",
                "-o-",
                "--src-prefix=" + ERRORS,
                ERRORS.resolve("unsupported.capnp").toString()),
            new byte[0]);
    Schema.CodeGeneratorRequest.Reader reader =
        Serialize.read(ByteBuffer.wrap(request)).getRoot(Schema.CodeGeneratorRequest.factory);
    UnsupportedSchemaException e =
        assertThrows(UnsupportedSchemaException.class, () -> new JavaGenerator(reader).generate());
    assertEquals(
        "unsupported.capnp: Holder.boxed: a generic parameter bound to an interface (capabilities in"
            + " generic types come with the RPC generator)",
        e.getMessage());
  }

  @Test
  void theBuildReportsAnUnsupportedFeatureAsACompileErrorAndWritesNothing(@TempDir Path tmp) {
    SchemaCompiler compiler = new SchemaCompiler("capnp", List.of(), tmp.resolve("include"));
    SchemaCompileException e =
        assertThrows(
            SchemaCompileException.class,
            () ->
                compiler.compile(
                    List.of(ERRORS.resolve("unsupported.capnp")), ERRORS, tmp.resolve("out")));
    assertEquals(
        "capnpc-corral: unsupported.capnp: Holder.boxed: a generic parameter bound to an interface"
            + " (capabilities in generic types come with the RPC generator)",
        e.getMessage());
    assertFalse(Files.exists(tmp.resolve("out")), "no partial output");
  }
}
