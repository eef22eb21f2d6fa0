package corral.regdsl.lang;

/**
 * {@code import "common.reg";} makes the top-level enums of another description usable; {@code
 * import svd "vendor.svd" peripheral UART0;} adds devices converted from a CMSIS-SVD file (one
 * peripheral, or all when {@code peripheral} is null). Paths are relative to the importing file.
 */
public record Import(Pos pos, String path, boolean svd, String peripheral) {}
