package corral.runtime.kernel;

import java.io.File;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a driver host JVM is given its runtime so that native access is granted to the modules that
 * need it and to nothing else, driver code least of all.
 *
 * <p>The host's class path is split in two. Netty's jars (explicit modules), regdsl (module {@code
 * corral.regdsl}, named in its manifest) and the RPC engine's jar (automatic module {@code
 * corral.runtime.rpc}, to which alone {@code java.lang} is opened) go on the module path;
 * everything else, and every driver (each loaded from its jar by a class loader of its own), is in
 * an unnamed module. Native access is enabled for {@code io.netty.common} (it loads the epoll
 * library) and {@code corral.regdsl} (the UIO register window maps a device with {@code mmap})
 * only, and {@code --illegal-native-access=deny} turns any other module's restricted call ({@code
 * MemorySegment.reinterpret}, {@code System.loadLibrary}, a {@code Linker}) into an {@code
 * IllegalCallerException}: a driver cannot widen the register window it was granted.
 */
final class HostJvm {
  /** The modules granted native access in a host, when they are present. */
  static final Set<String> NATIVE_ACCESS = Set.of("io.netty.common", "corral.regdsl");

  /**
   * The RPC engine's module (automatic, named after its jar), the only one {@code java.lang} is
   * opened to: it starts a call's virtual thread on the event loop that delivers it ({@code
   * corral.runtime.rpc.Server}, "Default dispatch"), which Java 25 offers no public API for. Opened
   * to the unnamed module instead, drivers could reach into {@code java.lang.Module} and grant
   * themselves native access.
   */
  static final String RPC_MODULE = "corral.runtime.rpc";

  private HostJvm() {}

  /**
   * The JVM options that give a host {@code classPath} (entries separated by the platform's path
   * separator): {@code -p}, {@code --add-modules}, the native-access options and {@code -cp}.
   */
  static List<String> runtimeOptions(String classPath) {
    List<String> modules = new ArrayList<>();
    List<String> unnamed = new ArrayList<>();
    Set<String> granted = new TreeSet<>();
    boolean rpcModule = false;
    for (String entry : classPath.split(File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      Optional<String> name = moduleName(entry);
      if (name.isPresent()) {
        modules.add(entry);
        rpcModule |= name.get().equals(RPC_MODULE);
        if (NATIVE_ACCESS.contains(name.get())) {
          granted.add(name.get());
        }
      } else {
        unnamed.add(entry);
      }
    }
    List<String> options = new ArrayList<>();
    if (!modules.isEmpty()) {
      options.addAll(
          List.of(
              "--module-path",
              String.join(File.pathSeparator, modules),
              "--add-modules",
              "ALL-MODULE-PATH"));
    }
    if (!granted.isEmpty()) {
      options.add("--enable-native-access=" + String.join(",", granted));
    }
    if (rpcModule) {
      options.add("--add-opens=java.base/java.lang=" + RPC_MODULE);
    }
    options.addAll(
        List.of("--illegal-native-access=deny", "-cp", String.join(File.pathSeparator, unnamed)));
    return options;
  }

  /** The module a class-path entry belongs on the module path as, if it is one of those. */
  private static Optional<String> moduleName(String entry) {
    if (!entry.endsWith(".jar")) {
      return Optional.empty();
    }
    try {
      return ModuleFinder.of(Path.of(entry)).findAll().stream()
          .map(ModuleReference::descriptor)
          .map(d -> d.name())
          .filter(
              n -> n.startsWith("io.netty.") || n.equals("corral.regdsl") || n.equals(RPC_MODULE))
          .findFirst();
    } catch (FindException e) {
      return Optional.empty();
    }
  }
}
