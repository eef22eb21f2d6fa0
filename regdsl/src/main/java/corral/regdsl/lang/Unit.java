package corral.regdsl.lang;

import java.util.List;

/**
 * One parsed description file: its imports, shared enums and devices.
 *
 * @param name the file name as given by the user, used in diagnostics
 */
public record Unit(String name, List<Import> imports, List<EnumDecl> enums, List<Device> devices) {}
