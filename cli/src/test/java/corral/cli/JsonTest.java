package corral.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void stringsEscapeQuotesBackslashesControlCharactersAndEverythingBeyondAscii() {
    String nasty = "a\"b\\c/d\n\r\t\b\f\u0000\u001f\u007fé€😀\u2028";
    String json = Json.write(nasty);
    assertEquals(
        "\"a\\\"b\\\\c/d\\n\\r\\t\\b\\f\\u0000\\u001f\\u007f\\u00e9\\u20ac\\ud83d\\ude00\\u2028\"",
        json);
    assertEquals(nasty, StrictJson.parse(json));
  }

  @Test
  void objectsKeepTheirKeyOrderAndNestWithListsNumbersBooleansAndNull() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("z", null);
    inner.put("a", true);
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("long", Long.MIN_VALUE);
    value.put("int", 7);
    value.put("list", Arrays.asList(inner, List.of(), "x", null));
    value.put("empty", Map.of());
    String json = Json.write(value);
    assertEquals(
        "{\"long\":-9223372036854775808,\"int\":7,\"list\":[{\"z\":null,\"a\":true},[],\"x\",null],"
            + "\"empty\":{}}",
        json);
    assertEquals(
        Map.of(
            "long",
            Long.MIN_VALUE,
            "int",
            7L,
            "list",
            Arrays.asList(inner, List.of(), "x", null),
            "empty",
            Map.of()),
        StrictJson.parse(json));
  }

  @Test
  void aValueWithNoJsonFormIsRefusedWithItsType() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Json.write(List.of(1.5)));
    assertEquals("no JSON form for java.lang.Double: 1.5", e.getMessage());
    IllegalArgumentException key =
        assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of(1, "one")));
    assertEquals("JSON object key is not a string: 1", key.getMessage());
  }

  @Test
  void theTestsReaderIsStrict() {
    for (String bad :
        List.of("{\"a\":1,}", "[1 2]", "01", "\"\u0001\"", "{\"a\":1,\"a\":2}", "\"\\x\"", "1 1")) {
      assertThrows(IllegalArgumentException.class, () -> StrictJson.parse(bad), bad);
    }
  }
}
