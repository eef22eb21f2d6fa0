package corral.regdsl.lang;

/** What a device, a block or a bank arm contains. */
public sealed interface Member permits Register, Block, Bank, ValueDecl {
  Pos pos();

  String name();
}
