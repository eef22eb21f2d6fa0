package corral.idl.compiler;

import corral.capnp.Schema;
import corral.idl.javasource.SourceWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The RPC half of the generator ({@code rpc} mode): client stubs, server skeletons, pipelines and
 * typed capability fields, written against {@code corral.runtime.rpc}. {@link JavaGenerator} calls
 * in at four places and otherwise knows nothing of RPC; with {@code rpc} off none of this runs and
 * interfaces are metadata only, so schemas compile without the runtime on the classpath.
 *
 * <pre>
 *   interface Foo extends(Base)        Foo.Client  extends Base.Client   typed calls, own + inherited
 *     bar @0 (x) -&gt; (cap :Baz)         Foo.Server  extends Base.Server   one method per call
 *                                      Foo.BarResults.Pipeline           getCap() -&gt; Baz.Client
 *   struct S { cap @0 :Baz; }          S.Reader.getCap() -&gt; Baz.Client, S.Builder.setCap(...)
 *                                      S.Pipeline (capabilities reachable through struct fields)
 * </pre>
 *
 * <p>Inheritance: a client or server class extends the class of the interface's first superclass,
 * and adds the methods of the other superclasses (transitively) itself; so {@code Derived.Client}
 * is a {@code FirstBase.Client} and can call every inherited method, and {@code Derived.Server}
 * dispatches every inherited method. Generic interfaces are generated with their type parameters
 * unbound ({@code AnyPointer}).
 */
final class InterfaceGenerator {
  private static final String RPC = "corral.runtime.rpc.";
  private static final String RT = "org.capnproto.";

  /** Client method names that the no-argument convenience overload must not take. */
  private static final Set<String> CLIENT_RESERVED =
      Set.of(
          "close",
          "duplicate",
          "whenResolved",
          "hashCode",
          "toString",
          "getClass",
          "notify",
          "notifyAll",
          "wait",
          "clone",
          "finalize",
          "hook",
          "of",
          "broken");

  private final SchemaIndex index;
  private final Map<Long, Boolean> reachesCaps = new HashMap<>();
  private final Map<Long, List<MethodInfo>> classMethods = new HashMap<>();

  InterfaceGenerator(SchemaIndex index) {
    this.index = index;
  }

  // ---------------------------------------------------------------------------------------------
  // Interfaces

  /** One method as it appears in a client or server class. */
  private record MethodInfo(
      long interfaceId, int ordinal, String name, long paramsId, long resultsId, String doc) {}

  /** Emits {@code Client} and {@code Server} inside the interface's class. */
  void generateInterface(SourceWriter w, long id, Schema.Node.Reader node) {
    String self = index.javaName(id);
    List<Long> supers = superclasses(node);
    Long first = supers.isEmpty() ? null : supers.get(0);
    Set<Long> own = ownInterfaces(id);
    List<MethodInfo> all = classMethods(id);
    List<MethodInfo> methods = all.subList(inheritedCount(id), all.size());
    String baseClient = first == null ? RPC + "Client" : index.javaName(first) + ".Client";
    String baseServer = first == null ? RPC + "Server" : index.javaName(first) + ".Server";

    idempotence(w, node, supers);

    // --- Client
    w.line("");
    w.rawJavadoc(
        "A reference to a {@code "
            + index.simpleName(id)
            + "} capability: typed calls that return at once with a pipeline on\n"
            + "the results. Owns one reference; {@link #close()} drops it. Thread-safe; calls made"
            + " through one\nclient from one thread arrive in the order made.");
    w.open("public static class Client extends " + baseClient + " {");
    w.line(
        "/** Takes over {@code other}'s reference ({@code other} is spent); no check is made. */");
    w.open("public Client(" + RPC + "Client other) {");
    w.line("super(other);");
    w.close("}");
    w.line("");
    w.line("/** A new reference to a local server object. */");
    w.open("public static " + self + ".Client of(" + self + ".Server server) {");
    w.line("return new " + self + ".Client(" + RPC + "Client.of(server));");
    w.close("}");
    w.line("");
    w.line("/** Another reference to the same capability, to be closed separately. */");
    w.line("@java.lang.Override");
    w.open("public " + self + ".Client duplicate() {");
    w.line("return new " + self + ".Client(super.duplicate());");
    w.close("}");
    clientFactory(w, self);
    for (MethodInfo m : methods) {
      clientMethod(w, m);
    }
    w.close("}");

    // --- Server
    w.line("");
    w.rawJavadoc(
        "The implementation side of {@code "
            + index.simpleName(id)
            + "}: override the methods this object answers; the others\n"
            + "fail as {@code unimplemented}. Each runs on the server's executor (a new virtual"
            + " thread per\ncall by default) and may block; by"
            + " default one call\nat a time runs per object (see {@link "
            + RPC
            + "Server}). Read the parameters, fill in the\nresults builder and return, or throw an"
            + " {@link "
            + RPC
            + "RpcException} to fail the call with its kind.");
    w.open("public abstract static class Server extends " + baseServer + " {");
    w.line("/** A server whose calls run one at a time. */");
    w.open("protected Server() {");
    w.line("super(false);");
    w.close("}");
    w.line("");
    w.line(
        "/** A server whose calls run concurrently when {@code concurrent} (it is then thread-safe). */");
    w.open("protected Server(boolean concurrent) {");
    w.line("super(concurrent);");
    w.close("}");
    w.line("");
    w.line(
        "/** A server whose calls run on {@code executor} (concurrently when {@code concurrent}). */");
    w.open("protected Server(java.util.concurrent.Executor executor, boolean concurrent) {");
    w.line("super(executor, concurrent);");
    w.close("}");
    for (MethodInfo m : methods) {
      serverMethod(w, m);
    }
    w.line("");
    w.line("@java.lang.Override");
    w.open(
        "protected void dispatch(long interfaceId, short methodId, "
            + RPC
            + "CallContext context)");
    w.line("    throws java.lang.Exception {");
    for (long iface : own) {
      List<MethodInfo> ms = methods.stream().filter(m -> m.interfaceId() == iface).toList();
      if (ms.isEmpty()) {
        continue; // no methods of its own: a call falls through to the failure below
      }
      w.open("if (interfaceId == " + hex(iface) + ") {");
      w.open("switch (methodId) {");
      for (MethodInfo m : ms) {
        StructRef p = structRef(m.paramsId());
        StructRef r = structRef(m.resultsId());
        w.line(
            "case "
                + m.ordinal()
                + " -> "
                + m.name()
                + "(context.params("
                + p.factory()
                + "), context.initResults("
                + r.factory()
                + "));");
      }
      w.line("default -> throw unimplemented(interfaceId, methodId);");
      w.close("}");
      w.line("return;");
      w.close("}");
    }
    if (first == null) {
      w.line("throw unimplemented(interfaceId, methodId);");
    } else {
      w.line("super.dispatch(interfaceId, methodId, context);");
    }
    w.close("}");
    w.close("}");
  }

  /**
   * Emits {@code Client.Factory} and {@code Client.factory}: the pointer factory of a generic
   * type's parameter bound to this interface ({@code Box(Service)}), whose reader and builder are
   * both the typed client. Reading gives a new reference (null for a null pointer), setting makes
   * the message take its own reference, initialising clears the pointer.
   */
  private static void clientFactory(SourceWriter w, String self) {
    String client = self + ".Client";
    w.line("");
    w.line(
        "/** Reads and writes this capability where a generic type's parameter is bound to it. */");
    w.open(
        "public static final class Factory implements "
            + RT
            + "PointerFactory<"
            + client
            + ", "
            + client
            + ">, "
            + RT
            + "SetPointerBuilder<"
            + client
            + ", "
            + client
            + "> {");
    w.line("@java.lang.Override");
    w.open(
        "public "
            + client
            + " fromPointerReader("
            + RT
            + "SegmentReader segment, int pointer, int nestingLimit) {");
    w.line(
        "return typed("
            + RPC
            + "CapabilityPointers.read(new "
            + RT
            + "AnyPointer.Reader(segment, pointer, nestingLimit)));");
    w.close("}");
    w.line("");
    w.line("@java.lang.Override");
    w.open(
        "public "
            + client
            + " fromPointerBuilder("
            + RT
            + "SegmentBuilder segment, int pointer) {");
    w.line(
        "return typed("
            + RPC
            + "CapabilityPointers.read(new "
            + RT
            + "AnyPointer.Builder(segment, pointer)));");
    w.close("}");
    w.line("");
    w.line("@java.lang.Override");
    w.open(
        "public "
            + client
            + " initFromPointerBuilder("
            + RT
            + "SegmentBuilder segment, int pointer, int elementCount) {");
    w.line("new " + RT + "AnyPointer.Builder(segment, pointer).clear();");
    w.line("return null;");
    w.close("}");
    w.line("");
    w.line("@java.lang.Override");
    w.open(
        "public void setPointerBuilder("
            + RT
            + "SegmentBuilder segment, int pointer, "
            + client
            + " value) {");
    w.line(
        RPC
            + "CapabilityPointers.write(new "
            + RT
            + "AnyPointer.Builder(segment, pointer), value);");
    w.close("}");
    w.line("");
    w.open("private static " + client + " typed(" + RPC + "Client cap) {");
    w.line("return cap == null ? null : new " + client + "(cap);");
    w.close("}");
    w.close("}");
    w.line("");
    w.line("/** The factory of this capability in generic types. */");
    w.line("public static final Factory factory = new Factory();");
  }

  /** How a generic type's parameter bound to interface {@code iface} looks: its typed client. */
  JavaType capabilityBinding(long iface) {
    String client = index.javaName(iface) + ".Client";
    return new JavaType(JavaType.Kind.INTERFACE, client, client, client + ".factory", false);
  }

  private void clientMethod(SourceWriter w, MethodInfo m) {
    StructRef p = structRef(m.paramsId());
    StructRef r = structRef(m.resultsId());
    String pipeline = pipelineType(m.resultsId());
    String doc = methodDoc(m);
    w.line("");
    w.rawJavadoc(
        doc
            + "\n\n<p>Sends the call at once; {@code params} fills in the parameters in the"
            + " outgoing message.\nThe returned pipeline completes with the results and names the"
            + " capabilities in them before\nthey arrive; it owns both (close it).");
    w.open(
        "public "
            + pipeline
            + " "
            + m.name()
            + "(java.util.function.Consumer<? super "
            + p.builder()
            + "> params) {");
    w.line(RPC + "Request request = newCall(" + hex(m.interfaceId()) + ", " + m.ordinal() + ");");
    w.line("params.accept(request.initParams(" + p.factory() + "));");
    w.line("return " + newPipeline(m.resultsId(), r, "request.send()") + ";");
    w.close("}");
    boolean noParams = index.node(m.paramsId()).getStruct().getFields().size() == 0;
    if (noParams && !CLIENT_RESERVED.contains(m.name())) {
      w.line("");
      w.rawJavadoc(doc + "\n\n<p>As {@code " + m.name() + "(params -> {})}.");
      w.open("public " + pipeline + " " + m.name() + "() {");
      w.line("return " + m.name() + "(params -> {});");
      w.close("}");
    }
  }

  private void serverMethod(SourceWriter w, MethodInfo m) {
    StructRef p = structRef(m.paramsId());
    StructRef r = structRef(m.resultsId());
    w.line("");
    w.rawJavadoc(
        methodDoc(m)
            + "\n\n<p>The parameters are valid until this method returns. Fails as {@code"
            + " unimplemented}\nunless overridden.\n\n@throws java.lang.Exception to fail the"
            + " call (an RpcException keeps its kind)");
    w.open(
        "protected void " + m.name() + "(" + p.reader() + " params, " + r.builder() + " results)");
    w.line("    throws java.lang.Exception {");
    w.line("throw unimplemented(" + hex(m.interfaceId()) + ", (short) " + m.ordinal() + ");");
    w.close("}");
  }

  private String methodDoc(MethodInfo m) {
    String where =
        "{@code "
            + index.simpleName(m.interfaceId())
            + "."
            + index.node(m.interfaceId()).getInterface().getMethods().get(m.ordinal()).getName()
            + "} (method "
            + m.ordinal()
            + " of "
            + hex(m.interfaceId()).replace("L", "")
            + ")";
    return m.doc() == null
        ? "Calls " + where + "."
        : SourceWriter.escapeJavadoc(m.doc().strip()) + "\n\n<p>" + where;
  }

  /**
   * The interfaces whose methods {@code id}'s client and server classes declare themselves: {@code
   * id}, then the ancestors of its other superclasses not reached through the first one.
   */
  private Set<Long> ownInterfaces(long id) {
    List<Long> supers = superclasses(index.node(id));
    Set<Long> viaFirst = new HashSet<>();
    if (!supers.isEmpty()) {
      ancestors(supers.get(0), viaFirst);
    }
    Set<Long> own = new java.util.LinkedHashSet<>();
    own.add(id);
    for (long s : supers) {
      Set<Long> all = new HashSet<>();
      ancestors(s, all);
      for (long a : all) {
        if (!viaFirst.contains(a)) {
          own.add(a);
        }
      }
    }
    return own;
  }

  private int inheritedCount(long id) {
    List<Long> supers = superclasses(index.node(id));
    return supers.isEmpty() || !index.has(supers.get(0)) ? 0 : classMethods(supers.get(0)).size();
  }

  /**
   * Every method of {@code id}'s client and server classes with its Java name: those inherited from
   * the first superclass's classes first, then the ones declared here. A declared method whose name
   * an earlier one has taken (an override-free clash: {@code Derived.foo} and {@code Base.foo} take
   * different parameter structs) gets a trailing {@code _}, repeated until free.
   */
  private List<MethodInfo> classMethods(long id) {
    List<MethodInfo> cached = classMethods.get(id);
    if (cached != null) {
      return cached;
    }
    List<Long> supers = superclasses(index.node(id));
    List<MethodInfo> all = new ArrayList<>();
    if (!supers.isEmpty() && index.has(supers.get(0))) {
      all.addAll(classMethods(supers.get(0)));
    }
    Set<String> taken = new HashSet<>();
    all.forEach(m -> taken.add(m.name()));
    for (long iface : ownInterfaces(id)) {
      for (MethodInfo m : methodsOf(iface)) {
        String name = m.name();
        while (!taken.add(name)) {
          name = name + "_";
        }
        all.add(
            new MethodInfo(
                m.interfaceId(), m.ordinal(), name, m.paramsId(), m.resultsId(), m.doc()));
      }
    }
    List<MethodInfo> result = List.copyOf(all);
    classMethods.put(id, result);
    return result;
  }

  private List<MethodInfo> methodsOf(long iface) {
    List<MethodInfo> out = new ArrayList<>();
    var methods = index.node(iface).getInterface().getMethods();
    for (int i = 0; i < methods.size(); i++) {
      Schema.Method.Reader m = methods.get(i);
      String name = m.getName().toString();
      if (JavaNames.isKeyword(name)) {
        name = name + "_";
      }
      out.add(
          new MethodInfo(
              iface,
              i,
              name,
              m.getParamStructType(),
              m.getResultStructType(),
              index.memberDoc(iface, i)));
    }
    return out;
  }

  /** The id of {@code $Corral.idempotent} (capnp/corral.capnp). */
  static final long IDEMPOTENT_ANNOTATION = 0xca7b40893fca60f3L;

  /** {@code IDEMPOTENCE}: the methods marked {@code $Corral.idempotent}, and the superclasses'. */
  private void idempotence(SourceWriter w, Schema.Node.Reader node, List<Long> supers) {
    List<String> marked = new ArrayList<>();
    org.capnproto.StructList.Reader<Schema.Method.Reader> methods =
        node.getInterface().getMethods();
    for (int i = 0; i < methods.size(); i++) {
      for (Schema.Annotation.Reader a : methods.get(i).getAnnotations()) {
        if (a.getId() == IDEMPOTENT_ANNOTATION) {
          marked.add(Integer.toString(i));
        }
      }
    }
    StringBuilder inherited = new StringBuilder();
    for (long s : supers) {
      if (index.has(s)) {
        inherited.append(", ").append(index.javaName(s)).append(".IDEMPOTENCE");
      }
    }
    w.line("");
    w.line(
        "/** The methods that may run twice ({@code $Corral.idempotent}), with the inherited ones."
            + " */");
    w.line(
        "public static final "
            + RPC
            + "Idempotence IDEMPOTENCE = "
            + RPC
            + "Idempotence.of(TYPE_ID, new int[] {"
            + String.join(", ", marked)
            + "}"
            + inherited
            + ");");
  }

  private List<Long> superclasses(Schema.Node.Reader node) {
    List<Long> out = new ArrayList<>();
    for (Schema.Superclass.Reader s : node.getInterface().getSuperclasses()) {
      out.add(s.getId());
    }
    return out;
  }

  private void ancestors(long iface, Set<Long> out) {
    if (!out.add(iface) || !index.has(iface)) {
      return;
    }
    for (long s : superclasses(index.node(iface))) {
      ancestors(s, out);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Struct types with unbound type parameters

  /** A struct's reader and builder types and factory, its type parameters bound to AnyPointer. */
  private record StructRef(String reader, String builder, String factory) {}

  private StructRef structRef(long id) {
    String name = index.javaName(id);
    List<SchemaIndex.TypeParam> params = index.typeParams(id);
    if (params.isEmpty()) {
      return new StructRef(name + ".Reader", name + ".Builder", name + ".factory");
    }
    String rArgs =
        params.stream().map(p -> RT + "AnyPointer.Reader").collect(Collectors.joining(", "));
    String bArgs =
        params.stream().map(p -> RT + "AnyPointer.Builder").collect(Collectors.joining(", "));
    String fArgs =
        params.stream().map(p -> RT + "AnyPointer.factory").collect(Collectors.joining(", "));
    return new StructRef(
        name + ".Reader<" + rArgs + ">",
        name + ".Builder<" + bArgs + ">",
        name + ".newFactory(" + fArgs + ")");
  }

  private String pipelineType(long structId) {
    return hasPipeline(structId)
        ? index.javaName(structId) + ".Pipeline"
        : RPC + "Pipeline<" + structRef(structId).reader() + ">";
  }

  private String newPipeline(long structId, StructRef r, String call) {
    return hasPipeline(structId)
        ? "new " + index.javaName(structId) + ".Pipeline(" + call + ")"
        : "new " + RPC + "Pipeline<>(" + call + ", " + r.factory() + ")";
  }

  // ---------------------------------------------------------------------------------------------
  // Pipelines

  /**
   * Whether a struct gets a {@code Pipeline}: a capability field is reachable from it through
   * struct and group fields. The rule looks only at the struct, so every compile of its file
   * agrees; a pure-data schema never refers to the runtime.
   */
  boolean hasPipeline(long structId) {
    Boolean known = reachesCaps.get(structId);
    if (known != null) {
      return known;
    }
    reachesCaps.put(structId, false); // cycles: assume no until shown otherwise
    boolean found = false;
    if (index.has(structId) && index.node(structId).which() == Schema.Node.Which.STRUCT) {
      for (Schema.Field.Reader f : index.node(structId).getStruct().getFields()) {
        if (f.which() == Schema.Field.Which.GROUP) {
          found |= hasPipeline(f.getGroup().getTypeId());
        } else {
          Schema.Type.Reader t = f.getSlot().getType();
          found |=
              t.which() == Schema.Type.Which.INTERFACE
                  || isCapability(t)
                  || t.which() == Schema.Type.Which.STRUCT
                      && hasPipeline(t.getStruct().getTypeId());
        }
      }
    }
    reachesCaps.put(structId, found);
    return found;
  }

  /** Emits {@code Pipeline} inside a struct's class, when {@link #hasPipeline}. */
  void generatePipeline(SourceWriter w, long id) {
    if (!hasPipeline(id)) {
      return;
    }
    StructRef me = structRef(id);
    w.line("");
    w.rawJavadoc(
        "A {@code "
            + index.simpleName(id)
            + "} to come, in the results of a call: a future of its reader and getters\n"
            + "for the capabilities inside it, usable before the results arrive (promise"
            + " pipelining).");
    w.open("public static class Pipeline extends " + RPC + "Pipeline<" + me.reader() + "> {");
    w.line("/** The pipeline on the results of {@code call}; its results own the response. */");
    w.open("public Pipeline(" + RPC + "RemotePromise call) {");
    w.line("super(call, " + me.factory() + ");");
    w.close("}");
    w.line("");
    w.line(
        "/** The pipeline on pointer field {@code pointerIndex} of {@code parent} (negative: the"
            + " same struct). */");
    w.open("public Pipeline(" + RPC + "Pipeline<?> parent, int pointerIndex) {");
    w.line("super(parent, pointerIndex, " + me.factory() + ");");
    w.close("}");
    for (Schema.Field.Reader f : index.node(id).getStruct().getFields()) {
      String getter = JavaNames.accessor("get", f.getName().toString());
      if (f.which() == Schema.Field.Which.GROUP) {
        long g = f.getGroup().getTypeId();
        if (hasPipeline(g)) {
          w.line("");
          w.open("public " + index.javaName(g) + ".Pipeline " + getter + "() {");
          w.line("return new " + index.javaName(g) + ".Pipeline(this, -1);");
          w.close("}");
        }
        continue;
      }
      Schema.Type.Reader t = f.getSlot().getType();
      int offset = f.getSlot().getOffset();
      switch (t.which()) {
        case INTERFACE -> {
          String client = index.javaName(t.getInterface().getTypeId()) + ".Client";
          w.line("");
          w.line(
              "/** The capability to come in {@code "
                  + f.getName()
                  + "}; calls on it are pipelined. Owned by this pipeline. */");
          w.open("public " + client + " " + getter + "() {");
          w.line("return pipelinedCap(" + offset + ", " + client + "::new);");
          w.close("}");
        }
        case STRUCT -> {
          long s = t.getStruct().getTypeId();
          if (hasPipeline(s)) {
            w.line("");
            w.open("public " + index.javaName(s) + ".Pipeline " + getter + "() {");
            w.line("return new " + index.javaName(s) + ".Pipeline(this, " + offset + ");");
            w.close("}");
          }
        }
        case ANY_POINTER -> {
          w.line("");
          w.line(
              "/** The capability to come in {@code "
                  + f.getName()
                  + "}, untyped; calls on it are pipelined. Owned by this pipeline. */");
          w.open("public " + RPC + "Client " + getter + "() {");
          w.line("return pipelinedCap(" + offset + ");");
          w.close("}");
        }
        default -> {}
      }
    }
    w.close("}");
  }

  // ---------------------------------------------------------------------------------------------
  // Capability fields

  /** Whether {@code t} is the built-in {@code Capability} type (a capability of any interface). */
  static boolean isCapability(Schema.Type.Reader t) {
    return t.which() == Schema.Type.Which.ANY_POINTER
        && t.getAnyPointer().which() == Schema.Type.AnyPointer.Which.UNCONSTRAINED
        && t.getAnyPointer().getUnconstrained().which()
            == Schema.Type.AnyPointer.Unconstrained.Which.CAPABILITY;
  }

  /**
   * The typed client class of a field whose type is an interface ({@code corral.runtime.rpc.Client}
   * for {@code Capability}); null for a list of them.
   */
  private String clientOf(Schema.Field.Reader field) {
    Schema.Type.Reader t = field.getSlot().getType();
    if (isCapability(t)) {
      return RPC + "Client";
    }
    return t.which() == Schema.Type.Which.INTERFACE
        ? index.javaName(t.getInterface().getTypeId()) + ".Client"
        : null;
  }

  /** How a raw client becomes a {@code client}: its constructor, or nothing for an untyped one. */
  private static String typed(String client) {
    return client.equals(RPC + "Client") ? "c -> c" : client + "::new";
  }

  /** The element type of a list of capabilities: a typed client, or the untyped one. */
  private String listClientOf(Schema.Field.Reader field) {
    Schema.Type.Reader element = field.getSlot().getType().getList().getElementType();
    return element.which() == Schema.Type.Which.INTERFACE
        ? index.javaName(element.getInterface().getTypeId()) + ".Client"
        : RPC + "Client";
  }

  /** The getter of a capability field in a struct's Reader. */
  void readerField(SourceWriter w, Schema.Field.Reader field, int offset, String doc) {
    String getter = JavaNames.accessor("get", field.getName().toString());
    String client = clientOf(field);
    w.line("");
    if (client != null) {
      w.javadoc(
          doc,
          "A new reference to the capability, or null when the field is unset. Owned by the"
              + " response\nthe struct is in (closed with it), else the caller's to close.");
      w.open("public " + client + " " + getter + "() {");
      w.line(
          "return "
              + RPC
              + "CapabilityPointers.read(segment, pointers, pointerCount, "
              + offset
              + ", "
              + typed(client)
              + ");");
      w.close("}");
      return;
    }
    String element = listClientOf(field);
    w.javadoc(doc);
    w.open("public " + RPC + "CapabilityList.Reader<" + element + "> " + getter + "() {");
    w.line(
        "return "
            + RPC
            + "CapabilityList.read(_getPointerField("
            + RT
            + "AnyPointer.factory, "
            + offset
            + "), "
            + typed(element)
            + ");");
    w.close("}");
  }

  /** The getter and setters of a capability field in a struct's Builder (after {@code clearX}). */
  void builderField(
      SourceWriter w, Schema.Field.Reader field, int offset, String setDisc, String doc) {
    String fname = field.getName().toString();
    String getter = JavaNames.accessor("get", fname);
    String setter = JavaNames.accessor("set", fname);
    String client = clientOf(field);
    if (client != null) {
      String iface = client.substring(0, client.length() - ".Client".length());
      w.line("");
      w.javadoc(
          doc,
          "A new reference to the capability (the caller closes it), or null when the field is"
              + " unset.");
      w.open("public " + client + " " + getter + "() {");
      w.line(
          "return "
              + RPC
              + "CapabilityPointers.read(segment, pointers, pointerCount, "
              + offset
              + ", "
              + typed(client)
              + ");");
      w.close("}");
      w.line("");
      w.line(
          "/** Points the field at {@code value}; the message takes its own reference (null"
              + " clears). */");
      w.open("public void " + setter + "(" + client + " value) {");
      if (setDisc != null) {
        w.line(setDisc);
      }
      w.line("_clearPointerField(" + offset + ");");
      w.line(RPC + "CapabilityPointers.write(segment, pointers, " + offset + ", value);");
      w.close("}");
      w.line("");
      w.line("/** Points the field at a local server object. */");
      w.open("public void " + setter + "(" + iface + ".Server value) {");
      w.open("try (" + RPC + "Client cap = " + RPC + "Client.of(value)) {");
      if (setDisc != null) {
        w.line(setDisc);
      }
      w.line("_clearPointerField(" + offset + ");");
      w.line(RPC + "CapabilityPointers.write(segment, pointers, " + offset + ", cap);");
      w.close("}");
      w.close("}");
      return;
    }
    String element = listClientOf(field);
    String init = JavaNames.accessor("init", fname);
    String list = RPC + "CapabilityList.Builder<" + element + ">";
    w.line("");
    w.javadoc(doc);
    w.open("public " + list + " " + getter + "() {");
    w.line(
        "return "
            + RPC
            + "CapabilityList.build(_getPointerField("
            + RT
            + "AnyPointer.factory, "
            + offset
            + "), "
            + typed(element)
            + ");");
    w.close("}");
    w.line("");
    w.line("/** Replaces the field with a list of {@code size} null capabilities. */");
    w.open("public " + list + " " + init + "(int size) {");
    if (setDisc != null) {
      w.line(setDisc);
    }
    w.line(
        "return "
            + RPC
            + "CapabilityList.init(_getPointerField("
            + RT
            + "AnyPointer.factory, "
            + offset
            + "), size, "
            + typed(element)
            + ");");
    w.close("}");
  }

  private static String hex(long id) {
    return "0x" + Long.toHexString(id) + "L";
  }
}
