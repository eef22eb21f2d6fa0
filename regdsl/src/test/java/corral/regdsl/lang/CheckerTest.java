package corral.regdsl.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every check of REGDSL.md, each pinned to its exact message and position. The messages are user
 * interface: change them here first.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CheckerTest {

  /** The diagnostics of compiling {@code body} as the inside of an 8-byte u8 device. */
  private static List<String> errors(String body) {
    return errorsOfFile("device D {\n  endian le; width u8; size 8;\n" + body + "}\n");
  }

  private static List<String> errorsOfFile(String text) {
    var e =
        assertThrows(
            DescriptionException.class,
            () ->
                new Compiler((p, per, at, d) -> List.of())
                    .compile("t.reg", text, Path.of("/nonexistent")));
    return e.diagnostics().stream()
        .map(d -> d.pos().line() + ":" + d.pos().col() + ": " + d.message())
        .toList();
  }

  @Test
  void overlappingFieldsAreReportedAtTheLaterField() {
    assertEquals(
        List.of("5:5: field 'b' [3:2] overlaps field 'a' [2:0] in register CTRL"),
        errors(
            """
              reg CTRL @ 0 : rw {
                a [2:0] : uint; b [3:2] : uint; reserved [7:4] = 0;
              }
            """
                .replace("a [2:0] : uint; b", "a [2:0] : uint;\n  b")));
  }

  @Test
  void preserveBitsNeedARegisterThatCanBeReadWithoutSideEffects() {
    assertEquals(
        List.of(
            "3:37: reserved bits [7:1] of register CMD cannot be 'preserve': CMD is write-only, so"
                + " there is no value to carry back; give them a must-write value",
            "4:41: reserved bits [7:1] of register FIFO cannot be 'preserve': reading FIFO has"
                + " side effects, so there is no value to carry back; give them a must-write"
                + " value"),
        errors(
            "  reg CMD @ 0 : wo { go [0] : bool; reserved [7:1] preserve; }\n"
                + "  reg FIFO @ 1 : rw rse { d [0] : bool; reserved [7:1] preserve; }\n"));
  }

  @Test
  void aFieldOutsideItsRegisterIsReported() {
    assertEquals(
        List.of("3:41: field 'x' [9:8] lies outside 8-bit register CTRL"),
        errors("  reg CTRL @ 0 : rw { a [7:0] : uint; x [9:8] : uint; }\n"));
  }

  @Test
  void anEnumCodeThatDoesNotFitItsFieldIsReportedAtTheFieldType() {
    assertEquals(
        List.of("4:35: enum Len code BITS9 = 4 does not fit 2-bit field 'len'"),
        errors(
            "  enum Len { BITS5 = 0, BITS9 = 4 }\n"
                + "  reg CTRL @ 0 : rw { len [1:0] : Len; reserved [7:2] = 0; }\n"));
  }

  @Test
  void duplicateRegisterNamesAreReportedWithTheFirstPosition() {
    assertEquals(
        List.of("4:3: duplicate register 'A' in device D (first declared at 3:3)"),
        errors("  reg A @ 0 : rw;\n  reg A @ 1 : rw;\n"));
  }

  @Test
  void namesThatCollideAfterMappingToJavaAreReported() {
    assertEquals(
        List.of(
            "4:3: register 'Ctrl_Reg' and register 'CTRL_REG' (3:3) in device D both become Java"
                + " name 'ctrlReg'"),
        errors("  reg CTRL_REG @ 0 : rw;\n  reg Ctrl_Reg @ 1 : rw;\n"));
  }

  @Test
  void duplicateFieldNamesAfterMappingAreReported() {
    assertEquals(
        List.of(
            "3:40: field 'rx_ready' and field 'rxReady' (3:20) in register C both become Java"
                + " name 'rxReady'"),
        errors(
            "  reg C @ 0 : rw { rxReady [0] : bool; rx_ready [1] : bool; reserved [7:2] = 0; }\n"));
  }

  @Test
  void bitsCoveredByNoFieldAreReported() {
    assertEquals(
        List.of(
            "3:3: bits [5:3], [7] of register CTRL are covered by no field; declare them"
                + " reserved"),
        errors("  reg CTRL @ 0 : rw { a [2:0] : uint; b [6] : bool; }\n"));
  }

  @Test
  void aResetValueWithBitsOutsideTheRegisterIsReported() {
    assertEquals(
        List.of("3:27: reset value 0x1ff does not fit 8-bit register CTRL"),
        errors("  reg CTRL @ 0 : rw reset 0x1ff;\n"));
  }

  @Test
  void aResetValueWithBitsInNoFieldIsReported() {
    assertEquals(
        List.of(
            "3:3: bits [7] of register CTRL are covered by no field; declare them reserved",
            "3:27: reset value 0x80 of register CTRL sets bits [7], which belong to no field"),
        errors("  reg CTRL @ 0 : rw reset 0x80 { a [6:0] : uint; }\n"));
  }

  @Test
  void aResetValueAgainstAMustWriteValueIsReported() {
    assertEquals(
        List.of(
            "3:27: reset value 0x4 of register CTRL has 0x1 in reserved bits [7:2], which must"
                + " be written as 0x0"),
        errors("  reg CTRL @ 0 : rw reset 0x4 { a [1:0] : uint; reserved [7:2] = 0; }\n"));
  }

  @Test
  void overlappingRegistersAreReportedAtTheLaterOne() {
    assertEquals(
        List.of("4:3: register 'B' [0x2, +4) overlaps register 'A' [0x0, +4)"),
        errorsOfFile(
                """
            device D {
              endian le; width u32; size 16;
              reg A @ 0 : rw;
              reg B @ 2 : u32 rw;
            }
            """)
            .stream()
            .filter(s -> !s.contains("aligned"))
            .toList());
  }

  @Test
  void aReadOnlyAndAWriteOnlyRegisterMayShareAnOffsetButTwoReadWriteOnesMayNot() {
    assertEquals(
        List.of("5:3: register 'C' [0x0, +1) overlaps register 'A' [0x0, +1)"),
        errors("  reg A @ 0 : ro;\n  reg B @ 0 : wo;\n  reg C @ 0 : rw;\n"));
  }

  @Test
  void misalignedRegistersAreReportedAtTheOffset() {
    assertEquals(
        List.of("3:11: register 'A' at offset 0x3 is not aligned to its width (2 bytes)"),
        errors("  reg A @ 3 : u16 rw;\n").stream().filter(s -> !s.contains("beyond")).toList());
  }

  @Test
  void aRegisterBeyondTheDeviceSizeIsReported() {
    assertEquals(
        List.of("3:3: register 'A' ends at 0x9, beyond device size 0x8"),
        errors("  reg A @ 8 : rw;\n"));
  }

  @Test
  void aRegisterArrayBeyondTheDeviceSizeIsReported() {
    assertEquals(
        List.of("3:3: register 'A' ends at 0xb, beyond device size 0x8"),
        errors("  reg A[4] @ 4 += 2 : rw;\n"));
  }

  @Test
  void contradictoryAccessAndEffectsAreReported() {
    assertEquals(
        List.of(
            "3:18: access 'ro' contradicts effect 'w1c': a read-only register cannot be written",
            "4:18: access 'wo' contradicts effect 'rc': a write-only register cannot be read"),
        errors("  reg A @ 0 : ro w1c;\n  reg B @ 1 : wo rc;\n"));
  }

  @Test
  void contradictoryFieldEffectsAreReported() {
    assertEquals(
        List.of("3:20: access 'ro' contradicts effect 'w1c': a read-only field cannot be written"),
        errors("  reg A @ 0 : ro { f [0] : bool w1c; reserved [7:1] preserve; }\n"));
  }

  @Test
  void aBankSelectorInAReadOnlyRegisterIsRefused() {
    assertEquals(
        List.of("3:8: bank selector 'S.sel' must be a read-write field; it is ro"),
        errors(
            "  bank S.sel { 0 => a { reg X @ 0 : rw; } 1 => b { reg Y @ 0 : rw; } }\n"
                + "  reg S @ 1 : ro { sel [0] : bool; reserved [7:1] preserve; }\n"));
  }

  @Test
  void aBankSelectorInABankedRegisterIsRefused() {
    assertEquals(
        List.of(
            "3:8: bank selector 'X.sel' must be a field of an unbanked register; X is in bank"
                + " arm 'a'"),
        errors(
            "  bank X.sel { 0 => a { reg X @ 0 : rw { sel [0] : bool; reserved [7:1] = 0; } }"
                + " 1 => b { reg Y @ 0 : rw; } }\n"));
  }

  @Test
  void aBankSelectorOnAnUnknownRegisterIsReported() {
    assertEquals(
        List.of("3:8: unknown register 'NOPE' in bank selector 'NOPE.sel'"),
        errors("  bank NOPE.sel { 0 => a { reg X @ 0 : rw; } }\n"));
  }

  @Test
  void aValueOverSixtyFourBitsIsReported() {
    assertEquals(
        List.of("6:3: value 'big' spans 72 bits; at most 64 are allowed"),
        errorsOfFile(
            """
            device D {
              endian le; width u64; size 24;
              reg A @ 0 : rw;
              reg B @ 8 : rw;
              reg C @ 16 : u8 rw;
              value big = C # B : uint;
            }
            """));
  }

  @Test
  void anUnresolvedImportIsReportedAtTheImport() {
    assertEquals(
        List.of("1:1: cannot read import \"nope.reg\": file not found"),
        errorsOfFile("import \"nope.reg\";\ndevice D { size 4; reg A @ 0 : rw; }\n"));
  }

  @Test
  void anUnknownFieldTypeIsReported() {
    assertEquals(
        List.of("3:30: unknown type 'Mode' of field 'm'"),
        errors("  reg A @ 0 : rw { m [1:0] : Mode; reserved [7:2] = 0; }\n"));
  }

  @Test
  void anUnknownRegisterInAValueIsReported() {
    assertEquals(
        List.of("4:18: unknown register 'HI' in value 'v'"),
        errors("  reg LO @ 0 : rw;\n  value v = LO # HI : uint;\n"));
  }

  @Test
  void aBoolWiderThanOneBitIsReported() {
    assertEquals(
        List.of("3:30: field 'f' is bool but 2 bits wide"),
        errors("  reg A @ 0 : rw { f [1:0] : bool; reserved [7:2] = 0; }\n"));
  }

  @Test
  void aRenderedDiagnosticShowsTheLineAndACaret() {
    var e =
        assertThrows(
            DescriptionException.class,
            () ->
                new Compiler((p, per, at, d) -> List.of())
                    .compile(
                        "uart.reg",
                        "device U {\n  width u8; size 8;\n  reg A @ 0 : rw { x [9:8] : uint; }\n}\n",
                        Path.of("/")));
    assertEquals(
        """
        uart.reg:3:22: error: field 'x' [9:8] lies outside 8-bit register A
          reg A @ 0 : rw { x [9:8] : uint; }
                             ^
        uart.reg:3:3: error: bits [7:0] of register A are covered by no field; declare them \
        reserved
          reg A @ 0 : rw { x [9:8] : uint; }
          ^""",
        e.getMessage());
  }

  @Test
  void theWorkedExamplesCompileWithoutDiagnostics() throws Exception {
    Path dir = Path.of(System.getProperty("corral.regdsl.examples", "src/main/regdsl"));
    for (String f : List.of("uart16550.reg", "dma.reg")) {
      var result = new Compiler((p, per, at, d) -> List.of()).compile(dir.resolve(f));
      assertEquals(List.of(), result.warnings(), f);
    }
  }
}
