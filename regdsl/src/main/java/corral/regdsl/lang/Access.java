package corral.regdsl.lang;

/** Software access of a register or field: what a driver may do with it. */
public enum Access {
  RO,
  WO,
  RW;

  public boolean readable() {
    return this != WO;
  }

  public boolean writable() {
    return this != RO;
  }

  public String keyword() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
