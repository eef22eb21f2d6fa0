package corral.regdsl.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import corral.regdsl.window.RegisterWindow;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;

/** Compiles generated sources with the JDK's javac (javax.tools), as a user's build would. */
final class JavaCompilation {

  /** What javac said; {@code errors} as {@code Name.java:line: message} strings. */
  record Outcome(boolean success, List<String> errors, List<String> warnings, Path classes) {
    ClassLoader loader() throws IOException {
      return new URLClassLoader(
          new java.net.URL[] {classes.toUri().toURL()}, JavaCompilation.class.getClassLoader());
    }
  }

  private JavaCompilation() {}

  /**
   * Compiles {@code sources} (file name relative to the source root → text) into {@code dir}, with
   * this test's class path, so generated code sees corral-regdsl.
   */
  static Outcome compile(Map<String, String> sources, Path dir) throws IOException {
    Path src = dir.resolve("src");
    Path classes = dir.resolve("classes");
    Files.createDirectories(classes);
    var files = new ArrayList<Path>();
    for (var e : sources.entrySet()) {
      Path p = src.resolve(e.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, e.getValue());
      files.add(p);
    }
    var javac = ToolProvider.getSystemJavaCompiler();
    var collector = new DiagnosticCollector<JavaFileObject>();
    try (var fm = javac.getStandardFileManager(collector, Locale.ROOT, null)) {
      boolean ok =
          javac
              .getTask(
                  null,
                  fm,
                  collector,
                  List.of(
                      "-Xlint:all",
                      "-proc:none",
                      "-d",
                      classes.toString(),
                      "-cp",
                      System.getProperty("java.class.path")),
                  null,
                  fm.getJavaFileObjectsFromPaths(files))
              .call();
      var errors = new ArrayList<String>();
      var warnings = new ArrayList<String>();
      for (var d : collector.getDiagnostics()) {
        String where =
            d.getSource() == null
                ? ""
                : Path.of(d.getSource().toUri()).getFileName() + ":" + d.getLineNumber() + ": ";
        String text = where + d.getMessage(Locale.ROOT);
        if (d.getKind() == Diagnostic.Kind.ERROR) {
          errors.add(text);
        } else if (d.getKind() == Diagnostic.Kind.WARNING
            || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING) {
          warnings.add(text);
        }
      }
      return new Outcome(ok, errors, warnings, classes);
    }
  }

  /**
   * Compiles {@code sources} with the test driver {@code drivers/CHECK.java} into {@code dir} and
   * runs its {@code run(RegisterWindow)} on {@code window}; rethrows what the check throws.
   *
   * @return what javac said (there were no errors)
   */
  static Outcome runCheck(
      Map<String, String> sources, String check, RegisterWindow window, Path dir) throws Exception {
    var all = new LinkedHashMap<>(sources);
    all.put("corral/devices/" + check + ".java", Examples.resource("drivers/" + check + ".java"));
    var outcome = compile(all, dir);
    assertEquals(List.of(), outcome.errors());
    invoke(outcome.loader(), "corral.devices." + check, "run", RegisterWindow.class, window);
    return outcome;
  }

  /** Calls static {@code method(arg)} of {@code className}, rethrowing what the method throws. */
  static Object invoke(
      ClassLoader loader, String className, String method, Class<?> parameter, Object arg)
      throws Exception {
    try {
      return loader.loadClass(className).getMethod(method, parameter).invoke(null, arg);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw (Error) e.getCause();
    }
  }
}
