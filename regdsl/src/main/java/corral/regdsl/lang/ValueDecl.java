package corral.regdsl.lang;

import java.util.List;

/**
 * {@code value divisor = DLM # DLL : uint;}: one value over whole registers, most significant part
 * first. Parts are read and written in the order written.
 */
public record ValueDecl(
    Pos pos, String doc, String name, List<String> parts, List<Pos> partPos, boolean signed)
    implements Member {}
