package corral.cli;

import corral.classes.BlockClass;
import corral.classes.Calls;
import corral.classes.KernelClient;
import corral.classes.KernelSchema;
import corral.idl.reflect.InterfaceSchema;
import corral.idl.reflect.JsonFormat;
import corral.idl.reflect.SchemaRegistry;
import corral.idl.reflect.TextFormatException;
import corral.runtime.cap.CapSchema;
import corral.runtime.cap.Capability;
import corral.runtime.cap.Grant;
import corral.runtime.rpc.Client;
import corral.runtime.rpc.RpcConnection;
import corral.runtime.rpc.RpcException;
import corral.runtime.rpc.Vat;
import corral.runtime.rpc.dynamic.DynamicClient;
import corral.runtime.rpc.dynamic.DynamicResults;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code corral call (NAME|--cap CAP --address ADDR) METHOD ['(field = value, ...)']}: calls any
 * method of any capability, parameters and results in Cap'n Proto text format.
 *
 * <pre>
 *   --cap CAP --address unix:PATH      connect, Restorer.restore(CAP) ─▶ live reference
 *   --schema FILE (capnp or jar)       SchemaRegistry ─▶ the interface the cap grants METHOD of
 *                                        (or --interface NAME)
 *   NAME                               the kernel resolves it (not in this build yet)
 *                 ▼
 *   DynamicClient.call(METHOD, ARGS) ─▶ results printed as capnp convert prints them
 * </pre>
 *
 * <p>Both paths end in a {@link DynamicClient}: resolving a name through the kernel only has to
 * produce a live reference and its interface's schema ({@link #byName}).
 */
@Command(
    name = "call",
    customSynopsis = {
      "corral call [-hV] (NAME | --cap CAP --address ADDR) [--schema FILE]... [-I DIR]...",
      "                 [--interface NAME] [--json] METHOD ['(ARGS)']"
    },
    description = {
      "Call any method of a capability. Arguments and results are in Cap'n Proto text format:"
          + " '(block = 8, count = 2)'; results print as `capnp convert binary:text` prints"
          + " them, a capability in them as <external capability>.",
      "The interface's schema comes from --schema files (a .capnp compiled by the real capnp, or"
          + " a jar of generated code); the schemas built into this command are always known.",
      "By NAME (aliases followed), the administrator (who can read STATE/admin.cap) calls"
          + " through the instance's owner cap; anyone else through the cap published under the"
          + " name ('corral publish')."
    })
final class CallCommand implements Callable<Integer> {
  private static final long CONNECT_SECONDS = 10;

  private final CapReader caps;

  @Mixin KernelOptions kernel;

  @Spec CommandSpec spec;

  CallCommand(CapReader caps) {
    this.caps = caps;
  }

  @Option(
      names = "--cap",
      paramLabel = "CAP",
      description =
          "the capability to call through, restored at --address: corral1:..., @FILE (read from"
              + " FILE) or - (read from standard input)")
  String cap;

  @Option(
      names = "--address",
      paramLabel = "ADDR",
      description = "where the cap is restored: unix:PATH or tcp://HOST:PORT (a kernel or host)")
  String address;

  @Option(
      names = "--schema",
      paramLabel = "FILE",
      description = "a schema declaring the interface: FILE.capnp or a jar of generated code")
  List<Path> schemas = new ArrayList<>();

  @Option(
      names = {"-I", "--import-path"},
      paramLabel = "DIR",
      description = "a directory for the imports of --schema .capnp files (as capnp -I)")
  List<Path> importPaths = new ArrayList<>();

  @Option(
      names = "--interface",
      paramLabel = "NAME",
      description = "the interface to call (default: the granted one that has METHOD)")
  String iface;

  @Option(
      names = "--json",
      description =
          "print the results as one line of JSON, as `capnp convert binary:json --short` does")
  boolean json;

  @Parameters(
      arity = "1..3",
      paramLabel = "[NAME] METHOD [ARGS]",
      description = "the name to call (without --cap), the method, its arguments (default ())")
  List<String> words;

  @Override
  public Integer call() {
    int names = cap == null ? 1 : 0;
    if (words.size() < names + 1 || words.size() > names + 2) {
      throw new ParameterException(
          spec.commandLine(),
          cap == null
              ? "give NAME METHOD ['(ARGS)'], or --cap CAP --address ADDR METHOD ['(ARGS)']"
              : "with --cap, give METHOD ['(ARGS)'], not " + words.size() + " words: " + words);
    }
    String method = words.get(names);
    String arguments = words.size() > names + 1 ? words.get(names + 1) : "()";
    SchemaRegistry registry =
        new SchemaRegistry().addGenerated(CapSchema.class).addGenerated(BlockClass.class);
    SchemaFiles.addAll(registry, schemas, importPaths);
    try (Target target =
        cap == null ? byName(words.getFirst(), registry, method) : byCap(registry, method)) {
      print(invoke(target.client(), method, arguments));
    }
    return 0;
  }

  /** A live reference to call, and what must be closed with it. */
  record Target(DynamicClient client, AutoCloseable connection) implements AutoCloseable {
    @Override
    public void close() {
      client.close();
      try {
        connection.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing the connection failed: " + e, e);
      }
    }
  }

  /**
   * The instance bound to {@code name}, through the kernel ({@code --kernel} or {@code --state}):
   * the kernel hands the administrator the instance's owner cap (anyone else: the cap published
   * under the name, if one is), which is restored on the direct path (at the instance's host, one
   * hop). The interface is the one the cap grants that has the method; its schema comes from the
   * device classes this command ships ({@code Block}) or from {@code --schema}.
   */
  Target byName(String name, SchemaRegistry registry, String method) {
    Vat vat = new Vat(1);
    try {
      KernelClient client = kernel.connect(vat);
      String owner;
      if (kernel.hasAdminCap()) {
        try (KernelSchema.KernelAdmin.Client admin = client.admin(kernel.adminCap());
            var answer = Calls.await(admin.ownerCap(p -> p.setName(name)), CONNECT_SECONDS)) {
          owner = answer.join().getCap().toString();
        }
      } else {
        owner = client.published(name); // a user without the admin cap: what the name publishes
      }
      InterfaceSchema schema =
          Interfaces.choose(registry, caps.read(owner), method, iface, schemas);
      Client ref = client.restore(owner);
      return new Target(
          new DynamicClient(ref, schema),
          () -> {
            client.close();
            vat.close();
          });
    } catch (RpcException e) {
      vat.close();
      throw new Corral.BadInput("calling " + name + ": " + e.reason());
    } catch (RuntimeException e) {
      vat.close();
      throw e;
    }
  }

  /** Connects to {@code --address}, restores {@code --cap} there and picks its interface. */
  Target byCap(SchemaRegistry registry, String method) {
    if (address == null) {
      throw new Corral.BadInput("--cap needs --address ADDR (where to restore it: unix:PATH)");
    }
    Capability capability = caps.read(cap);
    InterfaceSchema schema = Interfaces.choose(registry, capability, method, iface, schemas);
    Vat vat = new Vat(1);
    try {
      RpcConnection connection = connect(vat);
      try (var restorer = connection.bootstrap(CapSchema.Restorer.Client::new);
          var restored = restorer.restore(p -> p.setCap(capability.toText()))) {
        // The restored reference outlives the call's pipeline, which owns what it hands out.
        Client ref = restored.join().getRef().duplicate();
        return new Target(
            new DynamicClient(ref, schema),
            () -> {
              connection.close();
              vat.close();
            });
      } catch (RuntimeException e) {
        RpcException r = RpcException.from(e);
        throw new Corral.BadInput("restoring the cap at " + address + ": " + r.getMessage());
      }
    } catch (RuntimeException e) {
      vat.close();
      throw e;
    }
  }

  private RpcConnection connect(Vat vat) {
    try {
      return vat.connect(address, null).get(CONNECT_SECONDS, TimeUnit.SECONDS);
    } catch (RpcException e) {
      throw new Corral.BadInput("cannot connect to " + address + ": " + e.getMessage());
    } catch (TimeoutException e) {
      throw new Corral.BadInput(
          "cannot connect to " + address + ": no answer within " + CONNECT_SECONDS + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Corral.BadInput("interrupted while connecting to " + address);
    } catch (IllegalArgumentException e) {
      throw new Corral.BadInput("--address " + address + ": " + e.getMessage());
    }
  }

  /** Makes the call; every way it can fail becomes a message naming what was wrong. */
  static DynamicResults invoke(DynamicClient client, String method, String arguments) {
    String called = client.schema().name() + "." + method;
    try {
      return client.call(method, arguments);
    } catch (TextFormatException e) {
      throw new Corral.BadInput(
          "arguments of " + called + ": " + e.getMessage() + "\n" + pointAt(arguments, e));
    } catch (RpcException e) {
      throw new Corral.BadInput(called + " failed: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new Corral.BadInput(e.getMessage());
    }
  }

  /** The line of {@code text} the error is on, and a caret under its column. */
  static String pointAt(String text, TextFormatException e) {
    String[] lines = text.split("\n", -1);
    String line = e.line() - 1 < lines.length ? lines[e.line() - 1] : "";
    return "  " + line + "\n  " + " ".repeat(Math.max(0, e.column() - 1)) + "^";
  }

  private void print(DynamicResults results) {
    try (results) {
      spec.commandLine()
          .getOut()
          .println(json ? JsonFormat.printShort(results.struct()) : results.text());
    }
  }

  /** Which of the cap's interfaces a method is called on. */
  static final class Interfaces {
    private Interfaces() {}

    /**
     * The interface named by {@code --interface}; else, among the interfaces the cap grants and the
     * schemas know, the one that has {@code method} (the most derived, when a granted one inherits
     * it from another).
     */
    static InterfaceSchema choose(
        SchemaRegistry registry,
        Capability capability,
        String method,
        String iface,
        List<Path> schemaFiles) {
      if (iface != null) {
        try {
          return registry.requireInterface(iface);
        } catch (IllegalArgumentException e) {
          throw new Corral.BadInput("--interface " + iface + ": " + e.getMessage());
        }
      }
      List<InterfaceSchema> known = new ArrayList<>();
      List<String> unknown = new ArrayList<>();
      for (Grant g : capability.grants()) {
        if (registry.node(g.interfaceId()).isPresent()) {
          known.add(registry.interfaceSchema(g.interfaceId()));
        } else {
          unknown.add(Capability.hexId(g.interfaceId()));
        }
      }
      if (known.isEmpty()) {
        throw new Corral.BadInput(
            "the cap grants interface"
                + (unknown.size() == 1 ? " " : "s ")
                + String.join(", ", unknown)
                + ", which "
                + (schemaFiles.isEmpty() ? "no schema" : "no schema in " + schemaFiles)
                + " declares; give the schema with --schema FILE.capnp (or the driver's jar)");
      }
      List<InterfaceSchema> having = new ArrayList<>();
      for (InterfaceSchema s : known) {
        if (s.findMethod(method).isPresent()) {
          having.add(s);
        }
      }
      having = mostDerived(having);
      if (having.size() == 1) {
        return having.getFirst();
      }
      if (having.isEmpty()) {
        List<String> offered = new ArrayList<>();
        for (InterfaceSchema s : mostDerived(known)) {
          offered.add(
              s.name()
                  + " ("
                  + String.join(
                      ", ", s.allMethods().stream().map(m -> m.name()).distinct().toList())
                  + ")");
        }
        throw new Corral.BadInput(
            "no interface the cap grants has a method '"
                + method
                + "'; it grants "
                + String.join("; ", offered));
      }
      throw new Corral.BadInput(
          "method '"
              + method
              + "' is in several interfaces the cap grants ("
              + String.join(", ", having.stream().map(InterfaceSchema::name).toList())
              + "); choose one with --interface NAME");
    }

    /** The interfaces of {@code all} that no other one of them extends. */
    private static List<InterfaceSchema> mostDerived(List<InterfaceSchema> all) {
      List<InterfaceSchema> kept = new ArrayList<>(all);
      kept.removeIf(s -> all.stream().anyMatch(o -> o != s && o.ancestry().contains(s)));
      return kept;
    }
  }
}
