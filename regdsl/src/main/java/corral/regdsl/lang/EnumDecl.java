package corral.regdsl.lang;

import java.util.List;

/** An enumerated encoding usable as a field type. */
public record EnumDecl(Pos pos, String doc, String name, List<Code> codes) {

  /** One named code of an enum. */
  public record Code(Pos pos, String doc, String name, long value) {}
}
