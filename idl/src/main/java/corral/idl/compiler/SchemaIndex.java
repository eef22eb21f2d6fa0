package corral.idl.compiler;

import corral.capnp.Schema;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The nodes of one CodeGeneratorRequest, indexed for generation: each node's Java name, its file,
 * its enclosing node, its doc comments, and the generic parameters in scope.
 *
 * <p>Every node of the request is placed in a tree of Java classes rooted at its file's outer
 * class: nested declarations and groups under their parent, implicit method parameter and result
 * structs ({@code foo$Params}) under their interface as {@code FooParams} / {@code FooResults}.
 */
final class SchemaIndex {
  static final long JAVA_PACKAGE_ANNOTATION = 0x9ee4c8f803b3b596L;
  static final long JAVA_OUTER_CLASSNAME_ANNOTATION = 0x9b066bb4881f7cd3L;

  /**
   * Files that ship with Cap'n Proto and carry no Java annotations; their code goes in {@code
   * corral.capnp} so that every Corral module agrees on one class per schema.
   */
  static final Map<Long, String> WELL_KNOWN_FILES =
      Map.of(
          0xa93fc509624c72d9L, "Schema",
          0xb312981b2552a250L, "Rpc",
          0xa184c7885cdaf2a1L, "RpcTwoParty",
          0xb8630836983feed7L, "Persistent",
          0xbdf87d7bb8304e81L, "Cxx",
          0x86c366a91393f3f8L, "Stream",
          0xc5f1af96651f70eaL, "Java");

  /** The default package of the well-known files' code, and always that of the shipped ones. */
  static final String WELL_KNOWN_PACKAGE = "corral.capnp";

  /**
   * Well-known files whose code ships in {@code corral-idl} ({@code corral.capnp.Schema}, {@code
   * corral.capnp.Stream}): always in {@link #WELL_KNOWN_PACKAGE}, whatever package the other
   * well-known files are given, so references to them resolve to the shipped classes.
   */
  static final Set<Long> SHIPPED_FILES = Set.of(0xa93fc509624c72d9L, 0x86c366a91393f3f8L);

  /** A type parameter visible in some node: declared by {@code scopeId} at {@code index}. */
  record TypeParam(long scopeId, int index, String name) {}

  private final Map<Long, Schema.Node.Reader> nodes = new HashMap<>();
  private final Map<Long, Schema.Node.SourceInfo.Reader> sourceInfo = new HashMap<>();
  private final Map<Long, Long> parent = new HashMap<>();
  private final Map<Long, String> simpleName = new HashMap<>();
  private final Map<Long, Long> fileOf = new HashMap<>();
  private final List<Long> files = new ArrayList<>(); // in the request's order
  private final Map<Long, Set<String>> referencedRoots = new HashMap<>();

  private final String standardPackage;

  /**
   * @param standardPackage the Java package of the well-known files other than the {@linkplain
   *     #SHIPPED_FILES shipped} ones
   */
  SchemaIndex(Schema.CodeGeneratorRequest.Reader request, String standardPackage) {
    this.standardPackage = standardPackage;
    for (Schema.Node.Reader node : request.getNodes()) {
      nodes.put(node.getId(), node);
      if (node.which() == Schema.Node.Which.FILE) {
        files.add(node.getId());
      }
    }
    for (Schema.Node.SourceInfo.Reader info : request.getSourceInfo()) {
      sourceInfo.put(info.getId(), info);
    }
    placeAll();
    // A nested type named like the first identifier of a reference the file's code makes (the
    // outer class of a file in the unnamed package, the first package segment of another) would
    // capture that reference; such names are mangled, so names are placed again knowing them.
    for (long file : files) {
      Set<String> roots = new HashSet<>();
      for (long id : closure(file)) {
        long other = fileOf(id);
        if (other != file) {
          String pkg = javaPackage(other);
          roots.add(pkg.isEmpty() ? outerClass(other) : pkg.substring(0, (pkg + ".").indexOf('.')));
        }
      }
      referencedRoots.put(file, roots);
    }
    parent.clear();
    simpleName.clear();
    fileOf.clear();
    placeAll();
  }

  private void placeAll() {
    for (long file : files) {
      place(file, file);
    }
  }

  private void place(long id, long file) {
    Schema.Node.Reader node = nodes.get(id);
    if (node == null) {
      return;
    }
    fileOf.put(id, file);
    String enclosing = id == file ? null : simpleName.get(id);
    for (Schema.Node.NestedNode.Reader nested : node.getNestedNodes()) {
      Schema.Node.Reader child = nodes.get(nested.getId());
      if (child == null) {
        continue; // an annotation or const of an imported file the request left out
      }
      adopt(nested.getId(), id, nested.getName().toString(), enclosing, file);
    }
    switch (node.which()) {
      case STRUCT -> {
        for (Schema.Field.Reader field : node.getStruct().getFields()) {
          if (field.which() == Schema.Field.Which.GROUP) {
            adopt(
                field.getGroup().getTypeId(),
                id,
                JavaNames.titleCase(field.getName().toString()),
                enclosing,
                file);
          }
        }
      }
      case INTERFACE -> {
        for (Schema.Method.Reader method : node.getInterface().getMethods()) {
          String base = JavaNames.titleCase(method.getName().toString());
          adoptImplicit(method.getParamStructType(), id, base + "Params", enclosing, file);
          adoptImplicit(method.getResultStructType(), id, base + "Results", enclosing, file);
        }
      }
      default -> {}
    }
  }

  private void adoptImplicit(long structId, long iface, String name, String enclosing, long file) {
    Schema.Node.Reader node = nodes.get(structId);
    if (node != null && node.getScopeId() == 0 && !parent.containsKey(structId)) {
      adopt(structId, iface, name, enclosing, file);
    }
  }

  private void adopt(long id, long parentId, String name, String enclosing, long file) {
    if (parent.containsKey(id)) {
      return;
    }
    parent.put(id, parentId);
    String javaName = JavaNames.typeName(name, enclosing);
    while (referencedRoots.getOrDefault(file, Set.of()).contains(javaName)) {
      javaName = javaName + "_";
    }
    // Java forbids a nested class with the name of any enclosing class.
    for (Long p = parentId; p != null && !p.equals(file); p = parent.get(p)) {
      if (javaName.equals(simpleName.get(p))) {
        javaName = javaName + "_";
      }
    }
    if (javaName.equals(outerClass(file))) {
      javaName = javaName + "_";
    }
    simpleName.put(id, javaName);
    place(id, file);
  }

  Schema.Node.Reader node(long id) {
    Schema.Node.Reader node = nodes.get(id);
    if (node == null) {
      throw new IllegalStateException("node " + Long.toHexString(id) + " missing from request");
    }
    return node;
  }

  boolean has(long id) {
    return nodes.containsKey(id);
  }

  /** The node's simple Java class name (not qualified). */
  String simpleName(long id) {
    return simpleName.get(id);
  }

  /** The ids of the children placed under {@code id}: nested nodes, groups, implicit structs. */
  List<Long> children(long id) {
    List<Long> ids = new ArrayList<>();
    for (Map.Entry<Long, Long> e : parent.entrySet()) {
      if (e.getValue() == id) {
        ids.add(e.getKey());
      }
    }
    return orderChildren(id, ids);
  }

  private List<Long> orderChildren(long id, List<Long> ids) {
    Schema.Node.Reader node = node(id);
    List<Long> ordered = new ArrayList<>();
    for (Schema.Node.NestedNode.Reader nested : node.getNestedNodes()) {
      if (ids.contains(nested.getId())) {
        ordered.add(nested.getId());
      }
    }
    if (node.which() == Schema.Node.Which.STRUCT) {
      for (Schema.Field.Reader field : node.getStruct().getFields()) {
        if (field.which() == Schema.Field.Which.GROUP
            && ids.contains(field.getGroup().getTypeId())) {
          ordered.add(field.getGroup().getTypeId());
        }
      }
    }
    if (node.which() == Schema.Node.Which.INTERFACE) {
      for (Schema.Method.Reader method : node.getInterface().getMethods()) {
        for (long s : new long[] {method.getParamStructType(), method.getResultStructType()}) {
          if (ids.contains(s) && !ordered.contains(s)) {
            ordered.add(s);
          }
        }
      }
    }
    return ordered;
  }

  long fileOf(long id) {
    Long file = fileOf.get(id);
    if (file == null) {
      throw new IllegalStateException("node " + Long.toHexString(id) + " is in no file");
    }
    return file;
  }

  /** The Java package of a file node; empty for the unnamed package. */
  String javaPackage(long file) {
    if (WELL_KNOWN_FILES.containsKey(file)) {
      return SHIPPED_FILES.contains(file) ? WELL_KNOWN_PACKAGE : standardPackage;
    }
    String pkg = textAnnotation(node(file), JAVA_PACKAGE_ANNOTATION);
    return pkg == null ? "" : pkg;
  }

  /** The outer class of a file node. */
  String outerClass(long file) {
    String known = WELL_KNOWN_FILES.get(file);
    if (known != null) {
      return known;
    }
    String outer = textAnnotation(node(file), JAVA_OUTER_CLASSNAME_ANNOTATION);
    return outer != null
        ? outer
        : JavaNames.outerClassFromFile(node(file).getDisplayName().toString());
  }

  private static String textAnnotation(Schema.Node.Reader node, long annotationId) {
    for (Schema.Annotation.Reader a : node.getAnnotations()) {
      if (a.getId() == annotationId && a.getValue().which() == Schema.Value.Which.TEXT) {
        return a.getValue().getText().toString();
      }
    }
    return null;
  }

  /** The fully qualified Java name of a node (a file node names its outer class). */
  String javaName(long id) {
    long file = fileOf(id);
    if (id == file) {
      String pkg = javaPackage(file);
      return pkg.isEmpty() ? outerClass(file) : pkg + "." + outerClass(file);
    }
    return javaName(parent.get(id)) + "." + simpleName.get(id);
  }

  /** The file's name as the schema compiler saw it. */
  String fileName(long id) {
    return node(fileOf(id)).getDisplayName().toString();
  }

  /** The declaration's name within its file, e.g. {@code Node.struct}. */
  String declName(long id) {
    String display = node(id).getDisplayName().toString();
    return display.substring(display.indexOf(':') + 1);
  }

  /** The node's source info (doc comments), or null when the request has none for it. */
  Schema.Node.SourceInfo.Reader sourceInfo(long id) {
    return sourceInfo.get(id);
  }

  String doc(long id) {
    Schema.Node.SourceInfo.Reader info = sourceInfo.get(id);
    return info == null || !info.hasDocComment() ? null : info.getDocComment().toString();
  }

  String memberDoc(long id, int index) {
    Schema.Node.SourceInfo.Reader info = sourceInfo.get(id);
    if (info == null || index >= info.getMembers().size()) {
      return null;
    }
    Schema.Node.SourceInfo.Member.Reader m = info.getMembers().get(index);
    return m.hasDocComment() ? m.getDocComment().toString() : null;
  }

  /**
   * The generic parameters visible inside a node: those of every generic ancestor, outermost first,
   * then its own. A nested type of a generic struct takes its parent's parameters too, so that
   * {@code Outer(T).Inner} can use {@code T}.
   */
  List<TypeParam> typeParams(long id) {
    List<TypeParam> out = new ArrayList<>();
    Long p = parent.get(id);
    if (p != null && fileOf(id) != p) {
      out.addAll(typeParams(p));
    }
    Schema.Node.Reader node = node(id);
    int i = 0;
    for (Schema.Node.Parameter.Reader param : node.getParameters()) {
      out.add(new TypeParam(id, i++, param.getName().toString()));
    }
    // groups and implicit structs share the scope of their parent
    return out;
  }

  /**
   * The nodes a file's code and embedded schema need: the file, its nodes, and every node their
   * types refer to (field types, brands, method parameters and results, superclasses), transitively
   * through other files' nodes too. Depends only on the file, so every request holding it agrees.
   */
  Set<Long> closure(long fileId) {
    Set<Long> closure = new LinkedHashSet<>();
    Deque<Long> work = new ArrayDeque<>();
    work.add(fileId);
    while (!work.isEmpty()) {
      long id = work.pop();
      if (!has(id) || !closure.add(id)) {
        continue;
      }
      referencedBy(node(id), work);
      if (fileOf(id) == fileId) {
        work.addAll(children(id));
      }
    }
    return closure;
  }

  /** Adds to {@code out} the ids of the nodes a node's types refer to. */
  private void referencedBy(Schema.Node.Reader node, Deque<Long> out) {
    switch (node.which()) {
      case STRUCT -> {
        for (Schema.Field.Reader f : node.getStruct().getFields()) {
          if (f.which() == Schema.Field.Which.GROUP) {
            out.add(f.getGroup().getTypeId());
          } else {
            typeRefs(f.getSlot().getType(), out);
          }
        }
      }
      case INTERFACE -> {
        for (Schema.Method.Reader m : node.getInterface().getMethods()) {
          out.add(m.getParamStructType());
          out.add(m.getResultStructType());
          brandRefs(m.getParamBrand(), out);
          brandRefs(m.getResultBrand(), out);
        }
        for (Schema.Superclass.Reader s : node.getInterface().getSuperclasses()) {
          out.add(s.getId());
          brandRefs(s.getBrand(), out);
        }
      }
      case CONST -> typeRefs(node.getConst().getType(), out);
      default -> {}
    }
  }

  private void typeRefs(Schema.Type.Reader t, Deque<Long> out) {
    switch (t.which()) {
      case STRUCT -> {
        out.add(t.getStruct().getTypeId());
        brandRefs(t.getStruct().getBrand(), out);
      }
      case ENUM -> out.add(t.getEnum().getTypeId());
      case INTERFACE -> {
        out.add(t.getInterface().getTypeId());
        brandRefs(t.getInterface().getBrand(), out);
      }
      case LIST -> typeRefs(t.getList().getElementType(), out);
      default -> {}
    }
  }

  private void brandRefs(Schema.Brand.Reader brand, Deque<Long> out) {
    for (Schema.Brand.Scope.Reader scope : brand.getScopes()) {
      if (scope.which() == Schema.Brand.Scope.Which.BIND) {
        for (Schema.Brand.Binding.Reader b : scope.getBind()) {
          if (b.which() == Schema.Brand.Binding.Which.TYPE) {
            typeRefs(b.getType(), out);
          }
        }
      }
    }
  }
}
