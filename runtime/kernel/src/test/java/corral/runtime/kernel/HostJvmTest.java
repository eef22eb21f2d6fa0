package corral.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostJvmTest {
  @Test
  void nettyGoesOnTheModulePathWithNativeAccessAndEverythingElseStaysUnnamedWithout() {
    String classPath = System.getProperty("java.class.path");
    List<String> options = HostJvm.runtimeOptions(classPath);

    List<String> modulePath =
        Arrays.asList(options.get(options.indexOf("--module-path") + 1).split(File.pathSeparator));
    List<String> unnamed =
        Arrays.asList(options.get(options.indexOf("-cp") + 1).split(File.pathSeparator));
    assertTrue(
        modulePath.stream().anyMatch(e -> e.contains("netty-common")), modulePath.toString());
    assertTrue(
        modulePath.stream()
            .allMatch(
                e ->
                    e.contains("netty-")
                        || e.contains("corral-regdsl")
                        || e.contains("corral-runtime-rpc")),
        modulePath.toString());
    // the RPC engine is a module when it comes as its jar (a host's class path), and only then is
    // java.lang opened, to it alone
    boolean rpcJar = modulePath.stream().anyMatch(e -> e.contains("corral-runtime-rpc"));
    assertEquals(
        rpcJar,
        options.contains("--add-opens=java.base/java.lang=corral.runtime.rpc"),
        options.toString());
    assertTrue(
        rpcJar || unnamed.stream().anyMatch(e -> e.contains("runtime/rpc/target/classes")),
        unnamed.toString());
    assertFalse(unnamed.stream().anyMatch(e -> e.contains("netty-")), unnamed.toString());
    assertEquals(
        classPath.split(File.pathSeparator).length,
        modulePath.size() + unnamed.size(),
        "every entry is on one of the two paths");
    String granted =
        modulePath.stream().anyMatch(e -> e.contains("corral-regdsl"))
            ? "--enable-native-access=corral.regdsl,io.netty.common"
            : "--enable-native-access=io.netty.common";
    assertTrue(options.contains(granted), options.toString());
    assertTrue(options.contains("--illegal-native-access=deny"), options.toString());
    assertFalse(String.join(" ", options).contains("ALL-UNNAMED"), options.toString());
  }
}
