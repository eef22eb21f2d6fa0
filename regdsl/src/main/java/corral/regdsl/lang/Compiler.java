package corral.regdsl.lang;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a description and its imports, checks every device, and returns what the generators need.
 *
 * <p>SVD imports are delegated to an {@link SvdReader} handed in by the caller (the {@code svd}
 * package depends on this one, not the other way round). Not thread-safe; use one per compile.
 */
public final class Compiler {

  /** Converts (part of) a CMSIS-SVD file to devices, reporting problems to {@code diagnostics}. */
  @FunctionalInterface
  public interface SvdReader {
    /**
     * @param peripheral the peripheral to convert, or null for all of them
     * @param at where the import was written, for errors about the file as a whole
     */
    List<Device> read(Path file, String peripheral, Pos at, Diagnostics diagnostics);
  }

  /**
   * A checked description.
   *
   * @param devices the devices to generate: the file's own, then those imported from SVD
   * @param enums the top-level enums visible to the devices, by name
   * @param warnings diagnostics that did not stop compilation
   */
  public record Result(
      List<Device> devices, Map<String, EnumDecl> enums, List<Diagnostic> warnings) {}

  private final SvdReader svd;
  private final Diagnostics diagnostics = new Diagnostics();
  private final Set<Path> loading = new HashSet<>();
  private final Map<String, EnumDecl> enums = new LinkedHashMap<>();
  private final List<Device> devices = new ArrayList<>();

  public Compiler(SvdReader svd) {
    this.svd = svd;
  }

  /**
   * Compiles the description in {@code file}. A file whose text starts with {@code <} (after white
   * space) is a CMSIS-SVD file: every peripheral in it becomes a device, as {@code import svd
   * "file";} would make it.
   *
   * @throws DescriptionException with every error found
   * @throws IOException when {@code file} itself cannot be read
   */
  public Result compile(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    if (text.strip().startsWith("<")) {
      devices.addAll(svd.read(file, null, new Pos(file.toString(), 1, 1), diagnostics));
      return checked();
    }
    return compile(file.toString(), text, file.toAbsolutePath().getParent());
  }

  /**
   * Compiles {@code text}, named {@code name} in diagnostics, resolving imports against {@code
   * dir}.
   *
   * @throws DescriptionException with every error found
   */
  public Result compile(String name, String text, Path dir) {
    Unit unit = Parser.parse(name, text, diagnostics);
    diagnostics.throwIfErrors();
    loadImports(unit, dir);
    for (EnumDecl e : unit.enums()) {
      enums.put(e.name(), e);
    }
    var own = new ArrayList<>(unit.devices());
    own.addAll(devices);
    devices.clear();
    devices.addAll(own);
    return checked();
  }

  private Result checked() {
    diagnostics.throwIfErrors();
    checkAll();
    diagnostics.throwIfErrors();
    return new Result(List.copyOf(devices), Map.copyOf(enums), diagnostics.all());
  }

  private void checkAll() {
    var names = new LinkedHashMap<String, Device>();
    for (Device dev : devices) {
      Device prior = names.putIfAbsent(JavaNames.type(dev.name()), dev);
      if (prior != null) {
        diagnostics.error(
            dev.pos(),
            "device '"
                + dev.name()
                + "' and device '"
                + prior.name()
                + "' ("
                + prior.pos()
                + ") both become Java class '"
                + JavaNames.type(dev.name())
                + "'");
      }
      new Checker(diagnostics, enums, dev).check();
    }
    var enumNames = new LinkedHashMap<String, EnumDecl>();
    for (EnumDecl e : enums.values()) {
      EnumDecl prior = enumNames.putIfAbsent(JavaNames.type(e.name()), e);
      if (prior != null) {
        diagnostics.error(
            e.pos(),
            "enum '"
                + e.name()
                + "' and enum '"
                + prior.name()
                + "' ("
                + prior.pos()
                + ") both become Java name '"
                + JavaNames.type(e.name())
                + "'");
      }
    }
  }

  private void loadImports(Unit unit, Path dir) {
    for (Import imp : unit.imports()) {
      Path path = dir.resolve(imp.path()).normalize();
      if (!Files.isRegularFile(path)) {
        diagnostics.error(imp.pos(), "cannot read import \"" + imp.path() + "\": file not found");
        continue;
      }
      if (imp.svd()) {
        devices.addAll(svd.read(path, imp.peripheral(), imp.pos(), diagnostics));
        continue;
      }
      if (!loading.add(path)) {
        continue;
      }
      String text;
      try {
        text = Files.readString(path, StandardCharsets.UTF_8);
      } catch (IOException e) {
        diagnostics.error(imp.pos(), "cannot read import \"" + imp.path() + "\": " + e);
        continue;
      }
      Unit imported = Parser.parse(imp.path(), text, diagnostics);
      if (imported == null) {
        continue;
      }
      loadImports(imported, path.getParent());
      for (EnumDecl e : imported.enums()) {
        enums.putIfAbsent(e.name(), e);
      }
    }
  }
}
