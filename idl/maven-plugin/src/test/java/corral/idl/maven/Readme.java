package corral.idl.maven;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The code blocks of {@code idl/README.md}, which tests run as written, so that the README and what
 * works cannot drift apart.
 */
final class Readme {
  private Readme() {}

  static final Path IDL = Path.of("..").toAbsolutePath().normalize();

  /**
   * The contents of the fenced code blocks of the section whose heading starts with {@code heading}
   * (up to the next heading of its level), in order.
   *
   * @throws AssertionError when the section is missing
   */
  static List<String> codeBlocks(String heading) {
    String readme;
    try {
      readme = Files.readString(IDL.resolve("README.md"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int start = readme.indexOf("\n" + heading);
    if (start < 0) {
      throw new AssertionError("idl/README.md has no section '" + heading + "'");
    }
    String level = heading.substring(0, heading.indexOf(' ') + 1);
    int end = readme.indexOf("\n" + level, start + 1);
    List<String> lines = readme.substring(start, end < 0 ? readme.length() : end).lines().toList();
    List<String> blocks = new ArrayList<>();
    StringBuilder block = null;
    for (String line : lines) {
      if (line.startsWith("```")) {
        if (block == null) {
          block = new StringBuilder();
        } else {
          blocks.add(block.toString());
          block = null;
        }
      } else if (block != null) {
        block.append(line).append('\n');
      }
    }
    return blocks;
  }
}
