package corral.runtime.kernel;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDK's AOT cache for driver hosts ({@code -XX:AOTCache}, JDK 25): classes of the runtime
 * loaded and linked ahead of time, so a host JVM starts faster. Built on first use: when the kernel
 * starts and finds no cache for its host command, it runs one training host ({@code DriverHost
 * --train}, with {@code -XX:AOTCacheOutput}) in the background; hosts launched after it is built
 * use it, hosts launched before start without it.
 *
 * <p>The cache's file name is a digest of what it depends on (the JDK, the host class path and the
 * jars' sizes and times, the JVM options), so a rebuilt runtime gets a new cache and never a stale
 * one. Thread-safe.
 */
final class HostAotCache {
  private static final Logger log = LoggerFactory.getLogger(HostAotCache.class);

  private final KernelSettings settings;
  private final Path file;
  private volatile boolean ready;

  HostAotCache(KernelSettings settings, Path hostsDirectory) {
    this.settings = settings;
    this.file = hostsDirectory.resolve("host-" + digest(settings) + ".aot");
    this.ready = Files.isRegularFile(file);
  }

  private static String digest(KernelSettings s) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(
          (s.java() + "\n" + System.getProperty("java.vm.version") + "\n")
              .getBytes(StandardCharsets.UTF_8));
      d.update(String.join(" ", s.hostJvmOptions()).getBytes(StandardCharsets.UTF_8));
      for (String entry : s.hostClassPath().split(File.pathSeparator)) {
        File f = new File(entry);
        d.update(
            (entry + ":" + f.length() + ":" + f.lastModified() + "\n")
                .getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(d.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The options a host is launched with for the cache: empty until it is built. */
  List<String> options() {
    return ready && settings.aotCache() ? List.of("-XX:AOTCache=" + file) : List.of();
  }

  /** Builds the cache in the background if it is missing; then (or at once) runs {@code then}. */
  void prepare(Runnable then) {
    if (ready) {
      then.run();
      return;
    }
    Thread.ofVirtual()
        .name("host-aot-cache")
        .start(
            () -> {
              try {
                train();
              } finally {
                then.run();
              }
            });
  }

  private void train() {
    long start = System.nanoTime();
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Path dir = null;
    try {
      dir = Files.createTempDirectory(file.getParent(), "train");
      List<String> cmd = new ArrayList<>();
      cmd.add(settings.java().toString());
      cmd.addAll(settings.hostJvmOptions());
      cmd.add("-XX:AOTCacheOutput=" + tmp);
      cmd.addAll(HostJvm.runtimeOptions(settings.hostClassPath()));
      cmd.addAll(
          List.of(
              "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
              "corral.runtime.host.DriverHost",
              "--train",
              dir.toString()));
      Process p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(dir.resolveSibling("aot-training.log").toFile()))
              .start();
      p.getOutputStream().close();
      if (!p.waitFor(180, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        log.warn("the host AOT cache's training run took over 180 s; hosts start without it");
        return;
      }
      if (p.exitValue() != 0 || !Files.isRegularFile(tmp)) {
        log.warn(
            "the host AOT cache's training run failed (status {}; see {}); hosts start without it",
            p.exitValue(),
            dir.resolveSibling("aot-training.log"));
        return;
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      ready = true;
      log.info(
          "built the host AOT cache {} in {} ms", file, (System.nanoTime() - start) / 1_000_000);
    } catch (IOException e) {
      log.warn("cannot build the host AOT cache {}: {}", file, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      deleteTree(dir);
    }
  }

  private static void deleteTree(Path dir) {
    if (dir == null) {
      return;
    }
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a leftover training directory in the state directory is harmless
    }
  }
}
