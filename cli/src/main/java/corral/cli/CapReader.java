package corral.cli;

import corral.runtime.cap.Capability;
import corral.runtime.cap.CapabilityText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a cap given to an option or parameter, in one of three forms: the text itself ({@code
 * corral1:...}, which {@code ps} shows to every user of the machine), {@code @FILE} (the file's
 * content) or {@code -} (standard input, read to its end). What is read is stripped of surrounding
 * whitespace, so a cap file written with a trailing newline reads as it should. A cap's text never
 * starts with {@code @} or is {@code -}, so the three cannot be confused.
 *
 * <p>Every failure is a {@link Corral.BadInput} that names where the cap came from: {@code cannot
 * read cap from @/x/y: no such file}, {@code cap from standard input: the capability is empty}.
 */
final class CapReader {
  /**
   * Most bytes read from a file or standard input: well above the longest cap text ({@value
   * CapabilityText#MAX_LENGTH} characters) plus whitespace, and small enough that
   * {@code @/dev/zero} fails at once instead of filling the memory.
   */
  static final int MAX_BYTES = 64 * 1024;

  private final InputStream stdin;

  CapReader(InputStream stdin) {
    this.stdin = stdin;
  }

  /** The cap that {@code argument} gives, read from where it says. */
  Capability read(String argument) {
    if (argument.equals("-")) {
      String text;
      try {
        text = readAll(stdin, "standard input");
      } catch (IOException e) {
        throw new Corral.BadInput("cannot read cap from standard input: " + e.getMessage());
      }
      return parse(text, "cap from standard input: ");
    }
    if (argument.startsWith("@")) {
      return parse(readFile(argument), "cap from " + argument + ": ");
    }
    return parse(argument, "");
  }

  private static Capability parse(String text, String source) {
    return switch (Capability.parse(text)) {
      case CapabilityText.Parsed p -> p.capability();
      case CapabilityText.Malformed m -> throw new Corral.BadInput(source + m.reason());
    };
  }

  private static String readFile(String argument) {
    String name = argument.substring(1);
    if (name.isEmpty()) {
      throw new Corral.BadInput("cannot read cap from @: no file name after '@'");
    }
    Path file = Path.of(name);
    if (Files.isDirectory(file)) {
      throw new Corral.BadInput("cannot read cap from " + argument + ": it is a directory");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return readAll(in, argument);
    } catch (NoSuchFileException e) {
      throw new Corral.BadInput("cannot read cap from " + argument + ": no such file");
    } catch (AccessDeniedException e) {
      throw new Corral.BadInput("cannot read cap from " + argument + ": permission denied");
    } catch (IOException e) {
      throw new Corral.BadInput("cannot read cap from " + argument + ": " + e.getMessage());
    }
  }

  private static String readAll(InputStream in, String source) throws IOException {
    byte[] bytes = in.readNBytes(MAX_BYTES + 1);
    if (bytes.length > MAX_BYTES) {
      throw new Corral.BadInput(
          "cannot read cap from "
              + source
              + ": it is longer than "
              + MAX_BYTES
              + " bytes, and a cap is at most "
              + CapabilityText.MAX_LENGTH
              + " characters");
    }
    return new String(bytes, StandardCharsets.UTF_8).strip();
  }
}
