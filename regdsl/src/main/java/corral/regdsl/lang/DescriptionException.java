package corral.regdsl.lang;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A register description (or an SVD file) could not be compiled. Carries every error found, each
 * with its position; {@link #getMessage()} renders them with source lines and carets.
 */
public final class DescriptionException extends RuntimeException {
  private final transient List<Diagnostic> diagnostics;

  public DescriptionException(List<Diagnostic> diagnostics) {
    super(diagnostics.stream().map(Diagnostic::render).collect(Collectors.joining("\n")));
    this.diagnostics = List.copyOf(diagnostics);
  }

  /** The errors (and any warnings found before them), in source order per check. */
  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }
}
