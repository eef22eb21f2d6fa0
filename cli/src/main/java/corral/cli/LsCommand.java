package corral.cli;

import corral.classes.Calls;
import corral.classes.NamingSchema;
import corral.classes.NamingSchema.NameService;
import corral.classes.NamingSchema.Status;
import corral.runtime.rpc.RpcException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code corral ls [PATH] [--watch] [--json]}: the namespace under PATH, and its changes. */
@Command(
    name = "ls",
    description = {
      "List PATH (default /) and every name under it: instances with their driver, id, host,"
          + " state (up, down while its host restarts, failed) and whether a cap is published"
          + " under the name; aliases as NAME -> TARGET; directories as NAME/.",
      "With --watch (PATH need not exist yet), then print each change as it happens (REVISION EVENT and the name as"
          + " listed; events: bound, unbound, rebound, down, up, failed) until stopped. Needs no"
          + " admin cap: anyone connected to the kernel may read its namespace."
    })
final class LsCommand implements Callable<Integer> {
  private static final int MAX_DEPTH = 64;

  @Spec CommandSpec spec;
  @Mixin KernelOptions kernel;

  @Parameters(index = "0", arity = "0..1", paramLabel = "PATH", description = "a name or directory")
  String path = "/";

  @Option(names = "--watch", description = "then print the changes under PATH until stopped")
  boolean watch;

  @Option(
      names = "--json",
      description =
          "print a JSON list; with --watch, one JSON object per line (the names, then the events)")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    return kernel.names(
        names -> {
          List<Map<String, Object>> listed = new ArrayList<>();
          long revision = list(names, path, listed, 0);
          if (json && !watch) {
            out.println(Json.write(listed));
            return 0;
          }
          if (!json) {
            out.println(NameNodes.HEADER);
          }
          for (Map<String, Object> m : listed) {
            NameNodes.print(out, m, json);
          }
          out.flush();
          if (watch) {
            follow(names, revision, out);
          }
          return 0;
        });
  }

  /**
   * Adds {@code name} and, for a directory, everything under it to {@code into}; returns the
   * namespace's revision read first.
   */
  private long list(
      NameService.Client names, String name, List<Map<String, Object>> into, int depth) {
    try (var r = Calls.await(names.lookup(p -> p.setName(name)), 30)) {
      var found = r.join();
      if (found.getResult().getStatus() == Status.NOT_FOUND && watch && depth == 0) {
        return found.getResult().getRevision(); // nothing there yet: watch for it
      }
      if (found.getResult().getStatus() != Status.FOUND) {
        throw new Corral.BadInput(found.getResult().getMessage().toString());
      }
      if (!found.getNode().isDirectory()) {
        into.add(NameNodes.of(name, found.getNode()));
        return found.getResult().getRevision();
      }
      if (!name.equals("/")) {
        into.add(NameNodes.of(name, found.getNode()));
      }
      children(names, name, into, depth);
      return found.getResult().getRevision();
    }
  }

  private void children(
      NameService.Client names, String dir, List<Map<String, Object>> into, int depth) {
    if (depth > MAX_DEPTH) {
      return;
    }
    try (var r = Calls.await(names.list(p -> p.setName(dir)), 30)) {
      var listed = r.join();
      NameNodes.expect(listed.getResult(), Status.LISTED);
      for (NamingSchema.Child.Reader c : listed.getChildren()) {
        String child = (dir.endsWith("/") ? dir : dir + "/") + c.getName();
        into.add(NameNodes.of(child, c.getNode()));
        if (c.getNode().isDirectory()) {
          children(names, child, into, depth + 1);
        }
      }
    }
  }

  /** Prints the changes after {@code revision} until the kernel goes away or this is stopped. */
  private void follow(NameService.Client names, long revision, PrintWriter out) {
    try (var w =
            Calls.await(
                names.watch(
                    p -> {
                      p.setPrefix(path);
                      p.setAfterRevision(revision);
                    }),
                30);
        NamingSchema.Watch.Client stream = w.join().getWatch().duplicate()) {
      NameNodes.expect(w.join().getResult(), Status.WATCHING);
      while (true) {
        try (var n =
            Calls.await(
                stream.next(
                    p -> {
                      p.setMaxMessages(1000);
                      p.setWaitMillis(10_000);
                    }),
                40)) {
          for (NamingSchema.WatchMessage.Reader m : n.join().getMessages()) {
            print(m, out);
          }
          out.flush();
        }
      }
    } catch (RpcException e) {
      throw new Corral.BadInput("the watch ended: " + e.reason());
    }
  }

  private void print(NamingSchema.WatchMessage.Reader m, PrintWriter out) {
    if (m.isSnapshot()) {
      out.println(
          json
              ? Json.write(Map.of("revision", m.getRevision(), "event", "snapshot"))
              : m.getRevision() + " snapshot (the events before it are no longer kept)");
      for (NamingSchema.Named.Reader n : m.getSnapshot()) {
        NameNodes.print(out, NameNodes.of(n.getPath().toString(), n.getNode()), json);
      }
      return;
    }
    NamingSchema.Event.Reader e = m.getEvent();
    String kind = e.getKind().name().toLowerCase(Locale.ROOT);
    Map<String, Object> named =
        e.getKind() == NamingSchema.EventKind.UNBOUND
            ? new java.util.LinkedHashMap<>(Map.of("name", e.getPath().toString()))
            : NameNodes.of(e.getPath().toString(), e.getNode());
    if (json) {
      Map<String, Object> line = new java.util.LinkedHashMap<>();
      line.put("revision", m.getRevision());
      line.put("event", kind);
      line.putAll(named);
      out.println(Json.write(line));
    } else {
      out.println(
          m.getRevision()
              + " "
              + kind
              + " "
              + (e.getKind() == NamingSchema.EventKind.UNBOUND
                  ? e.getPath().toString()
                  : NameNodes.row(named)));
    }
  }
}
