package corral.idl.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    UnsupportedSchemaException e =
        assertThrows(
            UnsupportedSchemaException.class,
            () -> new JavaGenerator(request("unsupported.capnp")).generate());
    assertEquals(
        "unsupported.capnp: Holder.lists: List(AnyList) is not supported by the org.capnproto"
            + " runtime",
        e.getMessage());
    assertEquals(
        ERRORS.resolve("unsupported.capnp")
            + ":15: Holder.lists: List(AnyList) is not supported by the org.capnproto runtime",
        e.locatedUnder(ERRORS).getMessage());
  }

  @Test
  void theLineIsThatOfTheDeclarationNotOfAnEarlierUseOfItsNames() {
    String schema =
        """
        @0xc20d00bce9db4651;
        struct User { h @0 :Holder(Text); lists @1 :Text; }  # Holder.lists in a comment
        struct Holder(T) {
          inner :group {
            lists @0 :List(AnyList);
          }
        }
        """;
    assertEquals(5, UnsupportedSchemaException.lineOf(schema, "Holder.inner.lists"));
    assertEquals(3, UnsupportedSchemaException.lineOf(schema, "Holder"));
    assertEquals(0, UnsupportedSchemaException.lineOf(schema, "Holder.nothing"));
    String methods =
        """
        @0xc20d00bce9db4652;
        interface Service {
          ping @0 (a :Int32,
                   lists :List(AnyList)) -> (lists :Text);
        }
        const big :Text = "x";
        """;
    assertEquals(4, UnsupportedSchemaException.lineOf(methods, "Service.ping$Params.lists"));
    assertEquals(6, UnsupportedSchemaException.lineOf(methods, "big"));
  }

  @Test
  void theBuildReportsAnUnsupportedFeatureWithFileAndLineAndWritesNothing(@TempDir Path tmp) {
    SchemaCompiler compiler = new SchemaCompiler("capnp", List.of(), tmp.resolve("include"));
    SchemaCompileException e =
        assertThrows(
            SchemaCompileException.class,
            () ->
                compiler.compile(
                    List.of(ERRORS.resolve("unsupported.capnp")), ERRORS, tmp.resolve("out")));
    assertEquals(
        "capnpc-corral: "
            + ERRORS.resolve("unsupported.capnp")
            + ":15: Holder.lists: List(AnyList) is not supported by the org.capnproto runtime",
        e.getMessage());
    assertFalse(Files.exists(tmp.resolve("out")), "no partial output");
  }

  @Test
  void aGenericParameterBoundToAnInterfaceReadsAsAnOpaquePointerWithoutRpc() throws IOException {
    String java = new JavaGenerator(request("interface-binding.capnp")).generate().get(0).content();
    assertTrue(
        java.contains(
            "public InterfaceBinding.Box.Reader<org.capnproto.AnyPointer.Reader> getBoxed()"),
        java);
  }

  private static Schema.CodeGeneratorRequest.Reader request(String schema) throws IOException {
    byte[] request =
        CapnpTool.run(
            List.of(
                "capnp",
                "compile",
                "-o-",
                "--src-prefix=" + ERRORS,
                ERRORS.resolve(schema).toString()),
            new byte[0]);
    return Serialize.read(ByteBuffer.wrap(request)).getRoot(Schema.CodeGeneratorRequest.factory);
  }
}
