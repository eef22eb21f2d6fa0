package corral.regdsl.lang;

import java.util.List;

/**
 * {@code block CH[4] @ 0x100 += 0x20 { ... }}: a group of registers repeated {@code count} times,
 * {@code stride} bytes apart (a DMA channel, a timer unit). Member offsets are block-relative.
 */
public record Block(
    Pos pos, String doc, String name, int count, long offset, long stride, List<Member> members)
    implements Member {}
