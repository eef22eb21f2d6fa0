package corral.regdsl.gen;

import corral.regdsl.lang.Compiler;
import corral.regdsl.lang.Device;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Where generated files go: any of Java sources (under their package directories), C headers and
 * Markdown. A null directory means that output is not wanted. Used by {@code corral regc} and the
 * Maven goal.
 */
public record Outputs(Path javaDir, String javaPackage, Path cDir, Path docDir) {

  /**
   * Generates everything for a checked description. Every text is produced before the first file is
   * written, and each file is replaced atomically, so a failure leaves no half-written file.
   *
   * @param source the description's name, quoted in the generated files' headers
   * @return the files written
   */
  public List<Path> write(Compiler.Result result, String source) throws IOException {
    record Pending(Path path, String text) {}
    var pending = new ArrayList<Pending>();
    var java = new JavaGenerator(javaPackage, source, result.enums());
    var c = new CHeaderGenerator(source, result.enums());
    var md = new MarkdownGenerator(source, result.enums());
    for (Device d : result.devices()) {
      if (javaDir != null) {
        Path dir = javaDir.resolve(javaPackage.replace('.', '/'));
        pending.add(
            new Pending(dir.resolve(JavaGenerator.className(d) + ".java"), java.generate(d)));
      }
      if (cDir != null) {
        pending.add(new Pending(cDir.resolve(CHeaderGenerator.fileName(d)), c.generate(d)));
      }
      if (docDir != null) {
        pending.add(new Pending(docDir.resolve(MarkdownGenerator.fileName(d)), md.generate(d)));
      }
    }
    var written = new ArrayList<Path>();
    for (Pending p : pending) {
      Files.createDirectories(p.path().toAbsolutePath().getParent());
      Path tmp = p.path().resolveSibling(p.path().getFileName() + ".tmp");
      Files.writeString(tmp, p.text(), StandardCharsets.UTF_8);
      Files.move(
          tmp, p.path(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      written.add(p.path());
    }
    return written;
  }
}
