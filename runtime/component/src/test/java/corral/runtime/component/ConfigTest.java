package corral.runtime.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import corral.runtime.cap.CapSchema;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {
  static final Driver DRIVER =
      Driver.named("disk", ctx -> null)
          .offers(CapSchema.Restorer.class)
          .bytes("size", "64M", "capacity", 4096, 1L << 40)
          .integer("blockSize", 512, "bytes per block", 512, 65536)
          .bool("readOnly", false, "refuse writes")
          .text("path", null, "the backing file")
          .build();

  static String refusal(Map<String, String> settings) {
    return ((Config.Validation.Invalid) Config.validate(DRIVER, settings)).message();
  }

  @Test
  void validSettingsReadBackTypedWithDefaultsFilledIn() {
    Config c =
        ((Config.Validation.Valid) Config.validate(DRIVER, Map.of("size", "1G", "path", "/x")))
            .config();
    assertEquals(1L << 30, c.bytes("size"));
    assertEquals(512, c.integer("blockSize"));
    assertEquals(false, c.bool("readOnly"));
    assertEquals("/x", c.text("path"));
    assertEquals(
        Map.of("size", "1G", "blockSize", "512", "readOnly", "false", "path", "/x"), c.asText());
  }

  @Test
  void eachBadSettingIsRefusedNamingTheKeyAndTheValue() {
    assertEquals(
        "size=12Q: not a byte count (e.g. 4096, 64K, 64M, 1G)",
        refusal(Map.of("size", "12Q", "path", "/x")));
    assertEquals(
        "size=1K: out of range: size must be 4K .. 1T",
        refusal(Map.of("size", "1K", "path", "/x")));
    assertEquals(
        "blockSize=big: not an integer", refusal(Map.of("blockSize", "big", "path", "/x")));
    assertEquals(
        "readOnly=yes: not a boolean (true or false)",
        refusal(Map.of("readOnly", "yes", "path", "/x")));
    assertEquals(
        "driver disk has no configuration key 'sise'; its keys: size, blockSize, readOnly, path",
        refusal(Map.of("sise", "1M", "path", "/x")));
    assertEquals(
        "driver disk needs configuration key 'path' (text: the backing file); set it with --set"
            + " path=...",
        refusal(Map.of()));
    assertEquals(
        "size=99999999999999999999: not a byte count (e.g. 4096, 64K, 64M, 1G)",
        refusal(Map.of("size", "99999999999999999999", "path", "/x")));
  }

  @Test
  void aDriverReadingAKeyItDidNotDeclareIsToldWhatItDeclared() {
    Config c = ((Config.Validation.Valid) Config.validate(DRIVER, Map.of("path", "/x"))).config();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> c.bytes("blockSize"));
    assertEquals(
        "the driver reads configuration key 'blockSize' as bytes but declares it as integer; its"
            + " keys: size (bytes), blockSize (integer), readOnly (boolean), path (text)",
        e.getMessage());
  }

  @Test
  void aDescriptorWithABadDefaultOrADuplicateKeyDoesNotBuild() {
    IllegalArgumentException bad =
        assertThrows(
            IllegalArgumentException.class,
            () -> Driver.named("d", ctx -> null).bytes("size", "1K", "capacity", 4096, 8192));
    assertEquals("default of size=1K: out of range: size must be 4K .. 8K", bad.getMessage());
    IllegalArgumentException twice =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Driver.named("d", ctx -> null)
                    .offers(CapSchema.Restorer.class)
                    .bool("x", true, "")
                    .bool("x", false, "")
                    .build());
    assertEquals("driver d declares configuration key x twice", twice.getMessage());
  }
}
