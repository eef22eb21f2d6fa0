package corral.regdsl.gen;

import corral.regdsl.lang.Compiler;
import corral.regdsl.lang.Device;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where generated files go: any of Java sources (under their package directories), C headers and
 * Markdown. A null directory means that output is not wanted. Used by {@code corral regc} and the
 * Maven goal.
 *
 * <p>Writing is all or nothing as far as the file system allows: every text is rendered, then every
 * file is written next to its target as {@code NAME.tmp}, and only when all of them were written
 * are they moved into place (atomically, each). A failure before the moves removes the temporary
 * files and the directories this write created, and leaves what was there untouched.
 */
public record Outputs(Path javaDir, String javaPackage, Path cDir, Path docDir) {

  /** One file to write. */
  public record GeneratedFile(Path path, String text) {}

  /**
   * Generates everything for a checked description.
   *
   * @param source the description's name, quoted in the generated files' headers
   */
  public List<GeneratedFile> render(Compiler.Result result, String source) {
    var files = new ArrayList<GeneratedFile>();
    var java = new JavaGenerator(javaPackage, source, result.enums());
    var c = new CHeaderGenerator(source, result.enums());
    var md = new MarkdownGenerator(source, result.enums());
    for (Device d : result.devices()) {
      if (javaDir != null) {
        Path dir = javaDir.resolve(javaPackage.replace('.', '/'));
        files.add(
            new GeneratedFile(dir.resolve(JavaGenerator.className(d) + ".java"), java.generate(d)));
      }
      if (cDir != null) {
        files.add(new GeneratedFile(cDir.resolve(CHeaderGenerator.fileName(d)), c.generate(d)));
      }
      if (docDir != null) {
        files.add(new GeneratedFile(docDir.resolve(MarkdownGenerator.fileName(d)), md.generate(d)));
      }
    }
    return files;
  }

  /**
   * Generates and writes everything for a checked description.
   *
   * @param source the description's name, quoted in the generated files' headers
   * @return the files written
   * @throws IOException with a message {@code PATH: why} naming the path that could not be written;
   *     nothing was written then
   */
  public List<Path> write(Compiler.Result result, String source) throws IOException {
    return write(render(result, source));
  }

  /**
   * Writes {@code files}, all or none: a file whose text is already there is left alone (its time
   * stamp too, so incremental builds see no change).
   *
   * @return the files written or found up to date
   * @throws IOException with a message naming the path that could not be written and why; nothing
   *     was written then
   */
  public static List<Path> write(List<GeneratedFile> files) throws IOException {
    var created = new ArrayList<Path>();
    var pending = new ArrayList<GeneratedFile>();
    try {
      for (GeneratedFile f : files) {
        Path target = f.path();
        Path parent = target.getParent() != null ? target.getParent() : target.toAbsolutePath();
        createDirectories(parent, created);
        if (Files.isDirectory(target)) {
          throw new IOException(target + ": is a directory");
        }
        try {
          if (Files.isRegularFile(target)
              && Files.readString(target, StandardCharsets.UTF_8).equals(f.text())) {
            continue;
          }
          Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
          pending.add(new GeneratedFile(tmp, f.text()));
          Files.writeString(tmp, f.text(), StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new IOException(target + ": " + reason(e), e);
        }
      }
    } catch (IOException e) {
      for (GeneratedFile p : pending) {
        Files.deleteIfExists(p.path());
      }
      for (Path dir : created.reversed()) {
        Files.deleteIfExists(dir);
      }
      throw e;
    }
    for (GeneratedFile p : pending) {
      String name = p.path().getFileName().toString();
      Path target = p.path().resolveSibling(name.substring(0, name.length() - ".tmp".length()));
      Files.move(
          p.path(), target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
    return files.stream().map(GeneratedFile::path).toList();
  }

  /**
   * Writes {@code files} as {@link #write(List)} does, then deletes every other file under the
   * directories this object writes to (and directories left empty): those directories belong to the
   * caller's build, which regenerates all of them each time, so an output of a deleted description
   * or of an earlier configuration does not survive.
   *
   * @throws IOException with a message naming the path and why; when writing failed, nothing was
   *     written or deleted
   */
  public List<Path> replaceAll(List<GeneratedFile> files) throws IOException {
    List<Path> written = write(files);
    Set<Path> keep = new HashSet<>();
    for (GeneratedFile f : files) {
      keep.add(f.path().toAbsolutePath().normalize());
    }
    for (Path root : Stream.of(javaDir, cDir, docDir).filter(d -> d != null).toList()) {
      Path dir = root.toAbsolutePath().normalize();
      if (!Files.isDirectory(dir)) {
        continue;
      }
      List<Path> all;
      try (Stream<Path> walk = Files.walk(dir)) {
        all = walk.sorted(Comparator.reverseOrder()).toList();
      }
      for (Path p : all) {
        if (p.equals(dir) || keep.contains(p)) {
          continue;
        }
        if (!Files.isDirectory(p)) {
          Files.delete(p);
        } else if (isEmpty(p)) {
          Files.delete(p);
        }
      }
    }
    return written;
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }

  /** Creates {@code dir} and its missing parents, adding each one created to {@code created}. */
  private static void createDirectories(Path dir, List<Path> created) throws IOException {
    var missing = new ArrayList<Path>();
    for (Path p = dir; p != null && !Files.isDirectory(p); p = p.getParent()) {
      missing.add(p);
    }
    for (Path p : missing.reversed()) {
      if (Files.exists(p)) {
        throw new IOException(p + ": exists and is not a directory");
      }
      try {
        Files.createDirectory(p);
      } catch (IOException e) {
        throw new IOException(p + ": " + reason(e), e);
      }
      created.add(p);
    }
  }

  /** Why the file system refused, in words ({@code permission denied}), without the path. */
  private static String reason(IOException e) {
    return switch (e) {
      case AccessDeniedException a -> "permission denied";
      case FileAlreadyExistsException a -> "exists";
      case NoSuchFileException a -> "no such file or directory";
      case NotDirectoryException a -> "not a directory";
      case FileSystemException fs when fs.getReason() != null -> fs.getReason();
      default -> e.getClass().getSimpleName();
    };
  }
}
