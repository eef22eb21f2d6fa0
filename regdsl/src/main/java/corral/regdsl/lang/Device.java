package corral.regdsl.lang;

import java.nio.ByteOrder;
import java.util.List;

/**
 * A device: a register space of {@code size} bytes, with a byte order and a default register width
 * in bits. Offsets of members are relative to the start of the space (the granted window).
 *
 * @param cPrefix the prefix of C macro names; the upper-case device name unless {@code cprefix}
 *     says otherwise
 */
public record Device(
    Pos pos,
    String doc,
    String name,
    ByteOrder order,
    int width,
    long size,
    String cPrefix,
    List<EnumDecl> enums,
    List<Member> members) {}
