package corral.regdsl.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.regdsl.lang.Compiler;
import corral.regdsl.lang.Device;
import corral.regdsl.lang.JavaNames;
import corral.regdsl.svd.SvdImporter;
import corral.regdsl.window.FakeRegisterFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Description names that equal names the generated Java uses (its imports, {@code Value}, the
 * enclosing class, members such as {@code bind}) are generated with a trailing {@code '_'}, so
 * vendor files import unchanged and the result compiles.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GeneratedNamesTest {

  private static Map<String, String> generate(Compiler.Result result) {
    var java = new JavaGenerator(Examples.PACKAGE, "test", result.enums());
    var out = new LinkedHashMap<String, String>();
    for (Device d : result.devices()) {
      out.put("corral/devices/" + JavaGenerator.className(d) + ".java", java.generate(d));
    }
    return out;
  }

  @Test
  void aVendorFileWithPeripheralsHoldingRegistersOfTheirOwnNameImportsUnchangedAndItsJavaWorks(
      @TempDir Path dir) throws Exception {
    Path svd = dir.resolve("vendor_names.svd");
    Files.writeString(svd, Examples.resource("svd/vendor_names.svd"));
    var result =
        new Compiler(new SvdImporter())
            .compile("main.reg", "import svd \"vendor_names.svd\";\n", dir);
    assertEquals(
        List.of("MSEL", "TIMER", "VALUE"), result.devices().stream().map(Device::name).toList());
    try (var regs = FakeRegisterFile.withoutEffects("vendor0", 0x1000)) {
      var outcome =
          JavaCompilation.runCheck(
              generate(result), "VendorNamesCheck", regs, dir.resolve("javac"));
      assertEquals(List.of(), outcome.warnings());
    }
  }

  @Test
  void everyGeneratedTypeNameIsUsableAsDeviceRegisterBlockArmAndEnumName(@TempDir Path dir)
      throws Exception {
    var names = new TreeSet<>(JavaGenerator.GENERATED_TYPES);
    var text = new StringBuilder();
    var regs = new StringBuilder();
    var enums = new StringBuilder();
    var fields = new StringBuilder();
    var arms = new StringBuilder();
    int i = 0;
    for (String n : names) {
      // a device of the name holding a register and a block of the name, the block a register too
      text.append(
          "device %s { size 0x20; reg %s @ 0 : rw; block B[1] @ 0x10 += 0x10 { reg %s @ 0 : rw; } }\n"
              .formatted(n, n, n));
      text.append(
          "device %sBlock { size 0x20; block %s[2] @ 0 += 8 { reg %s @ 0 : rw; reg OTHER @ 4 : rw; } }\n"
              .formatted(n, n, n));
      regs.append("  reg %s @ 0x%x : rw;\n".formatted(n, 0x100 + 4 * i));
      enums.append("  enum %s { OFF = 0, ON = 1 }\n".formatted(n));
      fields.append("    f%d [%d] : %s;\n".formatted(i, i, n));
      arms.append("    %d => %s { reg ARM_%d @ 4 : rw; }\n".formatted(i, n, i));
      i++;
    }
    var members = List.copyOf(new TreeSet<>(JavaNames.GENERATED_MEMBERS));
    for (String m : members) {
      regs.append("  reg %s @ 0x%x : rw;\n".formatted(m, 0x100 + 4 * i));
      i++;
    }
    var fieldsOfMembers = new StringBuilder();
    for (int j = 0; j < members.size(); j++) {
      fieldsOfMembers.append("    %s [%d] : bool;\n".formatted(members.get(j), j));
    }
    text.append("device Registers {\n  size 0x400;\n")
        .append(regs)
        .append("  reg FIELDS @ 0 : u64 rw {\n")
        .append(fieldsOfMembers)
        .append("    reserved [63:%d] = 0;\n  }\n}\n".formatted(members.size()));
    text.append("device Enums {\n  size 8;\n")
        .append(enums)
        .append("  reg E @ 0 : u64 rw {\n")
        .append(fields)
        .append("    reserved [63:%d] = 0;\n  }\n}\n".formatted(names.size()));
    text.append(
            "device Arms {\n  size 8;\n  reg SEL @ 0 : rw { sel [5:0] : uint; reserved [31:6] = 0; }\n")
        .append("  bank SEL.sel {\n")
        .append(arms)
        .append("  }\n}\n");
    var result = new Compiler(new SvdImporter()).compile("names.reg", text.toString(), dir);
    var outcome = JavaCompilation.compile(generate(result), dir.resolve("javac"));
    assertEquals(List.of(), outcome.errors());
    assertEquals(List.of(), outcome.warnings());
  }

  @Test
  void restrictedIdentifiersAndDocTextThatLooksLikeJavadocStillCompileToWhatTheyMean(
      @TempDir Path dir) throws Exception {
    // `yield` and `record` are legal method names but `yield()` cannot be called unqualified;
    // descriptions with "*/", HTML and @tags must stay text inside their comments
    String text =
        """
        /// Status <b>&</b> control */ not code; @deprecated is not a tag
        device Odd {
          size 0x10;
          /// counts < 10 & > 0, see {@link Nothing} */
          reg YIELD @ 0 : rw { /// bit 0 */ @return
            record [0] : bool; var [7:1] : uint; reserved [31:8] = 0; }
          reg VAR @ 4 : rw;
          reg SEALED @ 8 : rw;
          reg PERMITS @ 0xc : rw;
        }
        """;
    var result = new Compiler(new SvdImporter()).compile("odd.reg", text, dir);
    Map<String, String> sources = generate(result);
    String source = sources.values().iterator().next();
    assertTrue(source.contains("public Yield yield_()"), "the YIELD accessor is yield_()");
    assertTrue(source.contains("Status &lt;b&gt;&amp;&lt;/b&gt; control *&#47; not code;"), source);
    assertTrue(source.contains("{@literal @}deprecated is not a tag"), source);
    var outcome = JavaCompilation.compile(sources, dir.resolve("javac"));
    assertEquals(List.of(), outcome.errors());
    assertEquals(List.of(), outcome.warnings());
  }

  /** The identifiers that name types in the source text, comments and strings left out. */
  private static Set<String> typeNames(String source) {
    String code =
        source
            .replaceAll("(?s)/\\*.*?\\*/", "")
            .replaceAll("//[^\n]*", "")
            .replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
            .replaceAll("(?m)^(package|import) .*$", "");
    var out = new TreeSet<String>();
    var m = Pattern.compile("(?<![.\\w])([A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*)").matcher(code);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void everyTypeNameTheGeneratedExamplesReferToIsGeneratedOrADescriptionName() throws Exception {
    var missing = new TreeSet<String>();
    for (String file : List.of("uart16550.reg", "dma.reg")) {
      var result = Examples.compile(file);
      var own = new TreeSet<String>();
      result.enums().keySet().forEach(e -> own.add(JavaNames.type(e)));
      for (Device d : result.devices()) {
        own.add(JavaGenerator.className(d));
        d.enums().forEach(e -> own.add(JavaNames.type(e.name())));
        collect(d.members(), own);
      }
      for (String source : generate(result).values()) {
        for (String t : typeNames(source)) {
          if (!own.contains(t) && !JavaGenerator.GENERATED_TYPES.contains(t)) {
            missing.add(t);
          }
        }
      }
    }
    assertEquals(Set.of(), missing);
  }

  private static void collect(List<corral.regdsl.lang.Member> members, Set<String> own) {
    for (var m : members) {
      switch (m) {
        case corral.regdsl.lang.Register r -> own.add(JavaNames.type(r.name()));
        case corral.regdsl.lang.Block b -> {
          own.add(JavaNames.type(b.name()));
          collect(b.members(), own);
        }
        case corral.regdsl.lang.Bank b ->
            b.arms()
                .forEach(
                    a -> {
                      own.add(JavaNames.type(a.name()));
                      collect(a.members(), own);
                    });
        case corral.regdsl.lang.ValueDecl v -> {}
      }
    }
  }
}
