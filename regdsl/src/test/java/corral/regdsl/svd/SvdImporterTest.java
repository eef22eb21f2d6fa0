package corral.regdsl.svd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.regdsl.gen.JavaGenerator;
import corral.regdsl.lang.Compiler;
import corral.regdsl.lang.DescriptionException;
import corral.regdsl.lang.Device;
import corral.regdsl.lang.Diagnostic;
import corral.regdsl.lang.Effect;
import corral.regdsl.lang.Field;
import corral.regdsl.lang.Register;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SvdImporterTest {

  private static Path copyExample(Path dir) throws IOException {
    Path svd = dir.resolve("ARM_Example.svd");
    try (InputStream in = SvdImporterTest.class.getResourceAsStream("/svd/ARM_Example.svd")) {
      Files.copy(in, svd);
    }
    return svd;
  }

  private static Compiler.Result compile(Path dir, String description) {
    return new Compiler(new SvdImporter()).compile("main.reg", description, dir);
  }

  private static Register register(Device d, String name) {
    return d.members().stream()
        .filter(m -> m instanceof Register r && r.name().equals(name))
        .map(Register.class::cast)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no register " + name + " in " + d.name()));
  }

  @Test
  void theArmExampleImportsEveryPeripheral(@TempDir Path dir) throws Exception {
    copyExample(dir);
    var result = compile(dir, "import svd \"ARM_Example.svd\";\n");
    assertEquals(
        List.of("TIMER0", "TIMER1", "TIMER2", "TEST1", "TEST2"),
        result.devices().stream().map(Device::name).toList());
    // TEST2 is derived from TEST1, so the register without an address is reported for both
    String skipped =
        "ARM_Example.svd:877:9: warning: svd: <register>: register 'DIMNOINDEX%s' has no"
            + " <addressOffset>; skipped";
    assertEquals(
        List.of(skipped, skipped),
        result.warnings().stream().map(d -> d.render().lines().findFirst().orElseThrow()).toList());
  }

  @Test
  void inheritanceArraysEnumsAndDerivedPeripheralsAreConverted(@TempDir Path dir) throws Exception {
    copyExample(dir);
    var result = compile(dir, "import svd \"ARM_Example.svd\" peripheral TIMER0;\n");
    Device timer = result.devices().getFirst();
    assertEquals(0x100, timer.size());
    Register sr = register(timer, "SR");
    assertEquals(16, sr.width());
    Field run = sr.fields().stream().filter(f -> f.name().equals("RUN")).findFirst().orElseThrow();
    assertEquals(Field.Kind.ENUM, run.kind());
    assertEquals(corral.regdsl.lang.Access.RO, run.access());
    Register reload = register(timer, "RELOAD");
    assertEquals(4, reload.count());
    assertEquals(4, reload.stride());
    assertEquals(0x50, reload.offset());
    assertEquals("PRESCALE_RD", register(timer, "PRESCALE_RD").name());

    var test2 = compile(dir, "import svd \"ARM_Example.svd\" peripheral TEST2;\n");
    Device t2 = test2.devices().getFirst();
    Register derived = register(t2, "TEST1_DERIVED1_TEST2");
    assertEquals(0x8001, derived.reset(), "resetValue inherited through derivedFrom");
    Register inherited = register(t2, "TEST1_INHERITED_TEST2");
    assertEquals(0x12345678L & 0x87654321L, inherited.reset(), "reset from the peripheral");
  }

  private static Device importSnippet(Path dir, String registers) throws IOException {
    Files.writeString(
        dir.resolve("snippet.svd"),
        """
        <?xml version="1.0" encoding="utf-8"?>
        <device>
          <name>X</name><size>32</size><access>read-write</access><resetValue>0</resetValue>
          <peripherals>
            <peripheral>
              <name>P</name><baseAddress>0</baseAddress>
              <registers>
        %s
              </registers>
            </peripheral>
          </peripherals>
        </device>
        """
            .formatted(registers));
    var result = compile(dir, "import svd \"snippet.svd\";\n");
    assertEquals(List.of(), result.warnings().stream().map(Diagnostic::render).toList());
    return result.devices().getFirst();
  }

  @Test
  void nestedClustersAreFlattenedIntoTheEnclosingBlock(@TempDir Path dir) throws Exception {
    Device d =
        importSnippet(
            dir,
            """
            <cluster>
              <name>UNIT[%s]</name><dim>2</dim><dimIncrement>0x100</dimIncrement>
              <addressOffset>0x100</addressOffset>
              <register><name>CTRL</name><addressOffset>0</addressOffset></register>
              <cluster>
                <name>CH%s</name><dim>2</dim><dimIncrement>0x10</dimIncrement>
                <dimIndex>A,B</dimIndex><addressOffset>0x20</addressOffset>
                <register><name>CFG</name><addressOffset>4</addressOffset></register>
                <cluster>
                  <name>FILTER</name><addressOffset>8</addressOffset>
                  <register><name>COEF</name><addressOffset>0</addressOffset></register>
                </cluster>
              </cluster>
            </cluster>
            """);
    var unit = (corral.regdsl.lang.Block) d.members().getFirst();
    assertEquals("UNIT", unit.name());
    assertEquals(2, unit.count());
    assertEquals(
        List.of(
            "CTRL@0x0",
            "CHA_CFG@0x24",
            "CHA_FILTER_COEF@0x28",
            "CHB_CFG@0x34",
            "CHB_FILTER_COEF@0x38"),
        unit.members().stream()
            .map(m -> (Register) m)
            .map(r -> r.name() + "@0x" + Long.toHexString(r.offset()))
            .toList());
  }

  @Test
  void listsNamedByDimIndexBecomeOneRegisterPerElement(@TempDir Path dir) throws Exception {
    Device d =
        importSnippet(
            dir,
            """
            <register>
              <name>GPIO_%s</name><dim>3</dim><dimIncrement>4</dimIncrement>
              <dimIndex>A-C</dimIndex><addressOffset>0x10</addressOffset>
            </register>
            <register>
              <name>PORT%s</name><dim>2</dim><dimIncrement>4</dimIncrement>
              <dimIndex>3-4</dimIndex><addressOffset>0x20</addressOffset>
            </register>
            <register>
              <name>BUF[%s]</name><dim>2</dim><dimIncrement>4</dimIncrement>
              <addressOffset>0x30</addressOffset>
            </register>
            """);
    assertEquals(
        List.of(
            "GPIO_A@0x10", "GPIO_B@0x14", "GPIO_C@0x18", "PORT3@0x20", "PORT4@0x24", "BUF[2]@0x30"),
        d.members().stream()
            .map(m -> (Register) m)
            .map(
                r ->
                    r.name()
                        + (r.count() > 1 ? "[" + r.count() + "]" : "")
                        + "@0x"
                        + Long.toHexString(r.offset()))
            .toList());
  }

  @Test
  void aDimIndexThatDoesNotMatchDimIsAnErrorAtItsElement(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("bad.svd"),
        """
        <device><name>X</name><peripherals><peripheral><name>P</name><registers>
        <register>
          <name>R%s</name><dim>3</dim><dimIncrement>4</dimIncrement><dimIndex>A,B</dimIndex>
          <addressOffset>0</addressOffset>
        </register>
        </registers></peripheral></peripherals></device>
        """);
    var e =
        assertThrows(DescriptionException.class, () -> compile(dir, "import svd \"bad.svd\";\n"));
    assertEquals(
        "bad.svd:2:1: error: svd: <register>: <dimIndex> 'A,B' names 2 elements but <dim> is 3",
        e.diagnostics().getFirst().render().lines().findFirst().orElseThrow());
  }

  @Test
  void isDefaultAndDontCareCodesExpandIntoNamedCodes(@TempDir Path dir) throws Exception {
    Device d =
        importSnippet(
            dir,
            """
            <register>
              <name>MODE</name><addressOffset>0</addressOffset>
              <fields>
                <field><name>SPEED</name><bitRange>[2:0]</bitRange>
                  <enumeratedValues>
                    <enumeratedValue><name>SLOW</name><value>0</value></enumeratedValue>
                    <enumeratedValue><name>FAST</name><value>#1x1</value></enumeratedValue>
                    <enumeratedValue><name>RESERVED</name><isDefault>true</isDefault>
                    </enumeratedValue>
                  </enumeratedValues>
                </field>
              </fields>
            </register>
            """);
    var speed = d.enums().getFirst();
    assertEquals("MODE_SPEED", speed.name());
    assertEquals(
        List.of(
            "SLOW=0",
            "FAST_5=5",
            "FAST_7=7",
            "RESERVED_1=1",
            "RESERVED_2=2",
            "RESERVED_3=3",
            "RESERVED_4=4",
            "RESERVED_6=6"),
        speed.codes().stream().map(c -> c.name() + "=" + c.value()).toList());
  }

  @Test
  void modifiedWriteValuesAndReadActionBecomeEffects(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("irq.svd"),
        """
        <?xml version="1.0" encoding="utf-8"?>
        <device>
          <name>X</name><size>32</size><access>read-write</access>
          <peripherals>
            <peripheral>
              <name>IRQ</name><baseAddress>0</baseAddress>
              <registers>
                <register>
                  <name>STATUS</name><addressOffset>0</addressOffset>
                  <fields>
                    <field><name>DONE</name><bitOffset>0</bitOffset>
                      <modifiedWriteValues>oneToClear</modifiedWriteValues></field>
                    <field><name>FIFO</name><bitOffset>8</bitOffset><bitWidth>8</bitWidth>
                      <access>read-only</access><readAction>modify</readAction></field>
                  </fields>
                </register>
                <register>
                  <name>ALT</name><addressOffset>0</addressOffset>
                  <alternateRegister>STATUS</alternateRegister>
                </register>
              </registers>
            </peripheral>
          </peripherals>
        </device>
        """);
    Device d = compile(dir, "import svd \"irq.svd\";\n").devices().getFirst();
    Register status = register(d, "STATUS");
    assertEquals(Effect.W1C, status.fields().getFirst().effects().iterator().next());
    assertTrue(status.consumingRead(), "readAction makes reads consuming");
    assertEquals("STATUS", register(d, "ALT").alternateOf());
  }

  @Test
  void malformedXmlIsReportedWithItsLine(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("bad.svd"), "<device>\n  <name>X</name>\n  <peripherals>\n</device>\n");
    var e =
        assertThrows(DescriptionException.class, () -> compile(dir, "import svd \"bad.svd\";\n"));
    Diagnostic first = e.diagnostics().getFirst();
    assertEquals("bad.svd", first.pos().file());
    assertEquals(4, first.pos().line());
    assertTrue(first.message().startsWith("svd: malformed XML: "), first.message());
  }

  @Test
  void anUnknownPeripheralIsReportedAtTheImport(@TempDir Path dir) throws Exception {
    copyExample(dir);
    var e =
        assertThrows(
            DescriptionException.class,
            () -> compile(dir, "\nimport svd \"ARM_Example.svd\" peripheral UART9;\n"));
    assertEquals(
        "main.reg:2:1: error: SVD file ARM_Example.svd has no peripheral 'UART9'",
        e.diagnostics().getFirst().render().lines().findFirst().orElseThrow());
  }

  @Test
  void anUnsupportedRegisterSizeNamesTheElementAndLine(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("odd.svd"),
        """
        <device><name>X</name><size>32</size><access>read-write</access><peripherals>
          <peripheral><name>P</name><baseAddress>0</baseAddress><registers>
            <register><name>R</name><addressOffset>0</addressOffset><size>24</size></register>
          </registers></peripheral>
        </peripherals></device>
        """);
    var e =
        assertThrows(DescriptionException.class, () -> compile(dir, "import svd \"odd.svd\";\n"));
    assertEquals(
        "odd.svd:3:5: error: svd: <register>: register 'R' has size 24 bits; supported are 8,"
            + " 16, 32 and 64",
        e.diagnostics().getFirst().render().lines().findFirst().orElseThrow());
  }

  @Test
  void theGeneratedJavaOfTheArmExampleCompiles(@TempDir Path dir) throws Exception {
    copyExample(dir);
    var result = compile(dir, "import svd \"ARM_Example.svd\";\n");
    var java = new JavaGenerator("corral.devices.arm", "ARM_Example.svd", result.enums());
    Path src = dir.resolve("src/corral/devices/arm");
    Files.createDirectories(src);
    for (Device d : result.devices()) {
      Files.writeString(src.resolve(JavaGenerator.className(d) + ".java"), java.generate(d));
    }
    Path classes = Files.createDirectories(dir.resolve("classes"));
    var javac = ToolProvider.getSystemJavaCompiler();
    var diagnostics = new DiagnosticCollector<JavaFileObject>();
    try (var fm = javac.getStandardFileManager(diagnostics, Locale.ROOT, null);
        var files = Files.list(src)) {
      boolean ok =
          javac
              .getTask(
                  null,
                  fm,
                  diagnostics,
                  List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path")),
                  null,
                  fm.getJavaFileObjectsFromPaths(files.toList()))
              .call();
      assertTrue(ok, diagnostics.getDiagnostics().toString());
    }
    assertTrue(Files.exists(classes.resolve("corral/devices/arm/Timer0.class")));
    assertTrue(Files.exists(classes.resolve("corral/devices/arm/Test1.class")));
  }
}
