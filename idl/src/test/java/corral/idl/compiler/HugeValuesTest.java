package corral.idl.compiler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text, Data, list and struct constants and defaults far over the 64 KiB a class file constant can
 * hold compile, and hold what {@code capnp eval} makes of them byte for byte: read as constants,
 * read as defaults of an unset field, and copied into a message by the builder getters.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HugeValuesTest {
  /** Over 64 KiB of encoding for every kind, so each one needs more than one literal. */
  static final int SIZE = 70_000;

  @Test
  void constantsAndDefaultsOverSixtyFourKibibytesEqualWhatCapnpEvaluates(@TempDir Path tmp)
      throws Exception {
    Path schemas = Files.createDirectories(tmp.resolve("schemas"));
    Path schema = schemas.resolve("huge.capnp");
    Files.writeString(schema, schemaText(), StandardCharsets.UTF_8);
    Path src = tmp.resolve("src");
    new SchemaCompiler("capnp", List.of(), tmp.resolve("include"))
        .compile(List.of(schema), schemas, src);
    Files.writeString(src.resolve("HugeCheck.java"), CHECK, StandardCharsets.UTF_8);
    GeneratedJava.compile(src, tmp.resolve("classes"));

    byte[][] built;
    try (URLClassLoader loader = GeneratedJava.loader(tmp.resolve("classes"))) {
      Method messages = loader.loadClass("HugeCheck").getMethod("messages");
      built = (byte[][]) messages.invoke(null);
    }
    assertCanonical(schema, "Everything", "expected", built[0], "the constants");
    assertCanonical(schema, "Everything", "expected", built[1], "the defaults, read");
    assertCanonical(schema, "Defaults", "expectedDefaults", built[2], "the defaults, built");
  }

  private static void assertCanonical(
      Path schema, String type, String constant, byte[] message, String what) {
    byte[] expected =
        CapnpTool.run(
            List.of("capnp", "eval", "-ocanonical", schema.toString(), constant), new byte[0]);
    byte[] actual =
        CapnpTool.run(
            List.of("capnp", "convert", "binary:canonical", schema.toString(), type), message);
    assertTrue(expected.length > 4 * SIZE, "capnp's encoding is " + expected.length + " bytes");
    assertArrayEquals(
        expected,
        actual,
        () ->
            what
                + " differ from capnp's "
                + constant
                + "; first bytes: expected "
                + HexFormat.of().formatHex(expected, 0, 64)
                + ", actual "
                + HexFormat.of().formatHex(actual, 0, Math.min(64, actual.length)));
  }

  /**
   * The schema: a constant of each kind, each {@link #SIZE} units long, with every char class the
   * generator escapes differently (quotes, backslashes, control chars, non-ASCII, surrogate pairs)
   * and every byte value; a struct whose fields default to them; and the expected values as
   * constants built from the same constants.
   */
  private static String schemaText() {
    StringBuilder text = new StringBuilder();
    String[] pieces = {"a", "\\\"", "\\\\", "\\n", "\\t", "é", "€", "😀", "z"};
    for (int i = 0; text.length() < SIZE; i++) {
      text.append(pieces[i % pieces.length]);
    }
    StringBuilder data = new StringBuilder();
    for (int i = 0; i < SIZE; i++) {
      data.append(String.format("%02x", (i * 7 + i / 256) & 0xff));
    }
    StringJoiner list = new StringJoiner(", ", "[", "]");
    for (int i = 0; i < SIZE / 4; i++) {
      list.add(Integer.toString(i % 3 == 0 ? -i * 31 : i * 17));
    }
    return """
        @0xe6f1c2d3a4b5c6d7;

        struct Payload {
          text @0 :Text;
          data @1 :Data;
          list @2 :List(Int32);
        }

        const bigText :Text = "%s";
        const bigData :Data = 0x"%s";
        const bigList :List(Int32) = %s;
        const bigStruct :Payload = (text = .bigText, data = .bigData, list = .bigList);

        struct Defaults {
          text @0 :Text = .bigText;
          data @1 :Data = .bigData;
          list @2 :List(Int32) = .bigList;
          struct @3 :Payload = .bigStruct;
        }

        struct Everything {
          text @0 :Text;
          data @1 :Data;
          list @2 :List(Int32);
          struct @3 :Payload;
        }

        const expected :Everything =
            (text = .bigText, data = .bigData, list = .bigList, struct = .bigStruct);
        const expectedDefaults :Defaults =
            (text = .bigText, data = .bigData, list = .bigList, struct = .bigStruct);
        """
        .formatted(text, data, list);
  }

  /** Java next to the generated code: the three messages to compare, serialized. */
  private static final String CHECK =
      """
      import java.io.ByteArrayOutputStream;
      import java.io.IOException;
      import java.nio.channels.Channels;
      import org.capnproto.MessageBuilder;
      import org.capnproto.Serialize;

      /** Builds the messages HugeValuesTest compares with capnp's. */
      public final class HugeCheck {
        private HugeCheck() {}

        /** The constants; the defaults as an unset field reads them; the builder getters' copies. */
        public static byte[][] messages() throws IOException {
          MessageBuilder constants = new MessageBuilder();
          Huge.Everything.Builder c = constants.initRoot(Huge.Everything.factory);
          c.setText(Huge.BIG_TEXT);
          c.setData(Huge.BIG_DATA);
          c.setList(Huge.BIG_LIST);
          c.setStruct(Huge.BIG_STRUCT);

          Huge.Defaults.Reader unset = new MessageBuilder().initRoot(Huge.Defaults.factory).asReader();
          MessageBuilder read = new MessageBuilder();
          Huge.Everything.Builder r = read.initRoot(Huge.Everything.factory);
          r.setText(unset.getText());
          r.setData(unset.getData());
          r.setList(unset.getList());
          r.setStruct(unset.getStruct());

          MessageBuilder built = new MessageBuilder();
          Huge.Defaults.Builder b = built.initRoot(Huge.Defaults.factory);
          b.getText();
          b.getData();
          b.getList();
          b.getStruct();
          return new byte[][] {bytes(constants), bytes(read), bytes(built)};
        }

        private static byte[] bytes(MessageBuilder message) throws IOException {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          Serialize.write(Channels.newChannel(out), message);
          return out.toByteArray();
        }
      }
      """;
}
