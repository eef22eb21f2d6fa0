package corral.regdsl.gen;

import corral.regdsl.lang.Compiler;
import corral.regdsl.svd.SvdImporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The worked examples and golden files the generator tests share. */
final class Examples {
  static final Path DIR = Path.of(System.getProperty("corral.regdsl.examples", "src/main/regdsl"));
  static final Path GOLDEN = Path.of("src/test/resources/golden");
  static final String PACKAGE = "corral.devices";

  private Examples() {}

  static Compiler.Result compile(String file) throws IOException {
    return new Compiler(new SvdImporter()).compile(DIR.resolve(file));
  }

  /**
   * The golden text {@code name}; with {@code -Dcorral.regdsl.updateGolden=true} it is first
   * rewritten from {@code actual} (then review the diff before committing).
   */
  static String golden(String name, String actual) {
    Path p = GOLDEN.resolve(name);
    try {
      if (Boolean.getBoolean("corral.regdsl.updateGolden")) {
        Files.createDirectories(p.getParent());
        Files.writeString(p, actual, StandardCharsets.UTF_8);
      }
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String resource(String name) {
    try (var in = Examples.class.getResourceAsStream("/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
