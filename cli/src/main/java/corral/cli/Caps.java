package corral.cli;

import corral.runtime.cap.Capability;
import corral.runtime.cap.CapabilityText;

/** Parsing a cap given on the command line. */
final class Caps {
  private Caps() {}

  static Capability parse(String text) {
    return switch (Capability.parse(text)) {
      case CapabilityText.Parsed p -> p.capability();
      case CapabilityText.Malformed m -> throw new Corral.BadInput(m.reason());
    };
  }
}
