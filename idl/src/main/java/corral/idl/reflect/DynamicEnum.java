package corral.idl.reflect;

import java.util.Optional;

/**
 * An enum value read dynamically. The ordinal may be one the schema does not know (written by a
 * newer peer); then {@link #name()} is empty and the text format prints {@code (7)}.
 *
 * @param schema the enum type
 * @param ordinal the raw 16-bit value, 0 to 65535
 */
public record DynamicEnum(EnumSchema schema, int ordinal) {
  /** The enumerant's name, if the schema knows the ordinal. */
  public Optional<String> name() {
    return schema.nameOf(ordinal);
  }

  @Override
  public String toString() {
    return name().orElse("(" + ordinal + ")");
  }
}
