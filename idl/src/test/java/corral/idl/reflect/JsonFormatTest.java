package corral.idl.reflect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSON printer against {@code capnp convert binary:json --short}, on the text tests' messages.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JsonFormatTest {
  private static SchemaRegistry registry;

  @BeforeAll
  static void compileSchema() {
    registry = Capnp.registry();
  }

  @ParameterizedTest
  @MethodSource("corral.idl.reflect.TextFormatTest#messages")
  void printedJsonEqualsCapnpConvertBinaryToJson(String type, String text) {
    byte[] binary = Capnp.textToBinary(type, text);
    DynamicStruct.Reader reader =
        DynamicStruct.read(Capnp.read(binary), registry.requireStruct(type));

    Capnp.Result json = Capnp.convert("binary:json", type, binary, "--short");
    assertEquals(0, json.status(), json.stderr());
    assertEquals(
        new String(json.stdout(), StandardCharsets.UTF_8).strip(), JsonFormat.printShort(reader));
  }
}
