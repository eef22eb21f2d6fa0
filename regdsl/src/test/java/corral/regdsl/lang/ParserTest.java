package corral.regdsl.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ParserTest {

  private static String failure(String text) {
    return assertThrows(
            DescriptionException.class,
            () -> new Compiler((p, per, at, d) -> List.of()).compile("p.reg", text, Path.of("/")))
        .getMessage();
  }

  @Test
  void aMissingSemicolonIsReportedWhereTheNextTokenStarts() {
    assertEquals(
        """
        p.reg:2:26: error: expected ';' but found 'reg'
          size 8; reg A @ 0 : rw reg B @ 1 : rw;
                                 ^""",
        failure("device D {\n  size 8; reg A @ 0 : rw reg B @ 1 : rw;\n}\n"));
  }

  @Test
  void aMalformedNumberIsReported() {
    assertEquals(
        """
        p.reg:1:17: error: malformed number '0xZZ'
        device D { size 0xZZ; }
                        ^""",
        failure("device D { size 0xZZ; }\n"));
  }

  @Test
  void aDeviceWithoutSizeIsReportedAtItsClosingBrace() {
    assertTrue(
        failure("device D {\n  reg A @ 0 : rw;\n}\n")
            .startsWith("p.reg:3:1: error: device D declares no 'size'"));
  }

  @Test
  void anUnknownWidthIsReported() {
    assertTrue(
        failure("device D { size 4; width u12; }")
            .startsWith("p.reg:1:26: error: expected a width (u8, u16, u32, u64) but found 'u12'"));
  }

  @Test
  void docCommentsAttachToTheFollowingDeclaration() {
    var result =
        new Compiler((p, per, at, d) -> List.of())
            .compile(
                "p.reg",
                "/// The device.\ndevice D { width u8; size 1;\n  /// The register.\n  reg A @ 0 : rw; }\n",
                Path.of("/"));
    Device d = result.devices().getFirst();
    assertEquals("The device.", d.doc());
    assertEquals("The register.", ((Register) d.members().getFirst()).doc());
  }

  @Test
  void javaNamesSplitWordsAtUnderscoresAndCaseChanges() {
    assertEquals("irqStatus", JavaNames.member("IRQStatus"));
    assertEquals("prescaleRd", JavaNames.member("PRESCALE_RD"));
    assertEquals("WordLength", JavaNames.type("wordLength"));
    assertEquals("WORD_LENGTH", JavaNames.constant("wordLength"));
    assertEquals("class_", JavaNames.member("CLASS"));
    assertEquals("raw_", JavaNames.member("raw"));
  }
}
