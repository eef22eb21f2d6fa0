package corral.idl.reflect;

import corral.capnp.Schema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.capnproto.MessageBuilder;
import org.capnproto.MessageReader;
import org.capnproto.ReaderOptions;
import org.capnproto.Serialize;

/**
 * The schema nodes a program knows, by id, from which it makes {@link StructSchema}s, {@link
 * EnumSchema}s and {@link InterfaceSchema}s for dynamic access.
 *
 * <p>Nodes come from the classes capnpc-corral generates ({@link #addGenerated(Class)} reads their
 * {@code schemaNodes()} and {@code schemaDocs()}), or straight from a CodeGeneratorRequest ({@code
 * capnp compile -o- file.capnp}), which needs no generated code at all. Adding the same node twice
 * is harmless; nodes are never removed.
 *
 * <p>There is no global registry: whoever needs schemas builds one and passes it on. An instance is
 * safe to share between threads once filled; filling it is not meant to race with lookups.
 */
public final class SchemaRegistry {
  private static final ReaderOptions READER_OPTIONS = new ReaderOptions(Long.MAX_VALUE / 16, 64);

  private final Map<Long, Schema.Node.Reader> nodes = new ConcurrentHashMap<>();
  private final Map<Long, Schema.Node.SourceInfo.Reader> sourceInfo = new ConcurrentHashMap<>();
  private final Map<Long, String> docs = new ConcurrentHashMap<>();
  private final Map<Long, List<String>> memberDocs = new ConcurrentHashMap<>();
  private final Map<Key, StructSchema> structs = new ConcurrentHashMap<>();
  private final Map<Key, InterfaceSchema> interfaces = new ConcurrentHashMap<>();
  private final Map<Long, EnumSchema> enums = new ConcurrentHashMap<>();

  /** A node seen under a brand: what the caches of branded schemas are keyed by. */
  private record Key(long id, Brand brand) {}

  /** Adds the nodes embedded in a generated outer class (one per schema file). */
  public SchemaRegistry addGenerated(Class<?> outerClass) {
    for (String encoded : invokeStringList(outerClass, "schemaNodes")) {
      Schema.Node.Reader node = decode(encoded).getRoot(Schema.Node.factory);
      nodes.put(node.getId(), node);
    }
    for (String encoded : invokeStringList(outerClass, "schemaDocs")) {
      addDocs(decode(encoded).getRoot(Schema.Node.SourceInfo.factory));
    }
    return this;
  }

  /** Adds every node of a CodeGeneratorRequest. */
  public SchemaRegistry addRequest(Schema.CodeGeneratorRequest.Reader request) {
    for (Schema.Node.Reader node : request.getNodes()) {
      nodes.put(node.getId(), node);
    }
    for (Schema.Node.SourceInfo.Reader info : request.getSourceInfo()) {
      addDocs(info);
    }
    return this;
  }

  /**
   * Keeps a node's doc comment and its members' (fields, enumerants or methods, in the order of the
   * node's own list), each without the final newline capnp leaves on it.
   */
  private void addDocs(Schema.Node.SourceInfo.Reader info) {
    sourceInfo.put(info.getId(), info);
    if (info.hasDocComment()) {
      docs.put(info.getId(), trimDoc(info.getDocComment().toString()));
    }
    List<String> members = new ArrayList<>();
    boolean any = false;
    for (Schema.Node.SourceInfo.Member.Reader member : info.getMembers()) {
      String doc = member.hasDocComment() ? trimDoc(member.getDocComment().toString()) : null;
      members.add(doc);
      any |= doc != null;
    }
    if (any) {
      memberDocs.put(info.getId(), Collections.unmodifiableList(members));
    }
  }

  private static String trimDoc(String doc) {
    return doc.endsWith("\n") ? doc.substring(0, doc.length() - 1) : doc;
  }

  /**
   * Adds every node of a serialized CodeGeneratorRequest, as {@code capnp compile -o-} writes it.
   *
   * @throws IllegalArgumentException when the bytes are not a Cap'n Proto message
   */
  public SchemaRegistry addRequest(byte[] request) {
    try {
      MessageReader message = Serialize.read(ByteBuffer.wrap(request), READER_OPTIONS);
      return addRequest(message.getRoot(Schema.CodeGeneratorRequest.factory));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "not a CodeGeneratorRequest (" + request.length + " bytes): " + e.getMessage(), e);
    }
  }

  /**
   * Every node this registry holds, with their doc comments, as a serialized CodeGeneratorRequest
   * (nodes in id order, no requested files): the form {@code capnp compile -o-} writes and {@link
   * #addRequest(byte[])} reads. This is how a process that has a schema (a kernel that loaded a
   * driver's generated classes) hands it to one that has not (a client calling the driver by name),
   * so that {@code new SchemaRegistry().addRequest(bytes)} there knows the same types.
   */
  public byte[] toRequest() {
    MessageBuilder message = new MessageBuilder();
    Schema.CodeGeneratorRequest.Builder request =
        message.initRoot(Schema.CodeGeneratorRequest.factory);
    List<Long> ids = new ArrayList<>(nodes.keySet());
    ids.sort(null);
    var nodeList = request.initNodes(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      nodeList.setWithCaveats(Schema.Node.factory, i, nodes.get(ids.get(i)));
    }
    List<Long> documented = new ArrayList<>(sourceInfo.keySet());
    documented.sort(null);
    var infoList = request.initSourceInfo(documented.size());
    for (int i = 0; i < documented.size(); i++) {
      infoList.setWithCaveats(Schema.Node.SourceInfo.factory, i, sourceInfo.get(documented.get(i)));
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      Serialize.write(Channels.newChannel(bytes), message);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
    return bytes.toByteArray();
  }

  /** The node with this id, if known. */
  public Optional<Schema.Node.Reader> node(long id) {
    return Optional.ofNullable(nodes.get(id));
  }

  /** The doc comment of a node, if it has one, without the final newline. */
  public Optional<String> doc(long id) {
    return Optional.ofNullable(docs.get(id));
  }

  /**
   * The doc comment of a member of a node: a field of a struct, an enumerant of an enum, a method
   * of an interface, by its index in the node's list of them.
   */
  Optional<String> memberDoc(long id, int index) {
    List<String> members = memberDocs.get(id);
    return members == null || index < 0 || index >= members.size()
        ? Optional.empty()
        : Optional.ofNullable(members.get(index));
  }

  /**
   * The struct with this id, its generic parameters (if any) unbound, so that they read as {@code
   * AnyPointer}. Branded schemas ({@code Box(Text)}) are reached through the types of fields, the
   * parameters and results of methods, and {@link ValueType#structSchema()}.
   *
   * @throws IllegalArgumentException when the registry has no such node or it is not a struct
   */
  public StructSchema struct(long id) {
    return struct(id, Brand.NONE);
  }

  /** The struct with this id under this brand; one object per id and brand. */
  StructSchema struct(long id, Brand brand) {
    Key key = new Key(id, brand);
    StructSchema known = structs.get(key);
    if (known != null) {
      return known;
    }
    Schema.Node.Reader node = requireNode(id, "struct");
    if (node.which() != Schema.Node.Which.STRUCT) {
      throw new IllegalArgumentException(
          "node " + hex(id) + " (" + node.getDisplayName() + ") is not a struct");
    }
    StructSchema made = new StructSchema(this, node, brand, brandedName(id, brand));
    StructSchema raced = structs.putIfAbsent(key, made);
    return raced == null ? made : raced;
  }

  /**
   * The interface with this id, its generic parameters (if any) unbound.
   *
   * @throws IllegalArgumentException when the registry has no such node or it is not an interface
   */
  public InterfaceSchema interfaceSchema(long id) {
    return interfaceSchema(id, Brand.NONE);
  }

  /** The interface with this id under this brand; one object per id and brand. */
  InterfaceSchema interfaceSchema(long id, Brand brand) {
    Key key = new Key(id, brand);
    InterfaceSchema known = interfaces.get(key);
    if (known != null) {
      return known;
    }
    Schema.Node.Reader node = requireNode(id, "interface");
    if (node.which() != Schema.Node.Which.INTERFACE) {
      throw new IllegalArgumentException(
          "node " + hex(id) + " (" + node.getDisplayName() + ") is not an interface");
    }
    InterfaceSchema made = new InterfaceSchema(this, node, brand, brandedName(id, brand));
    InterfaceSchema raced = interfaces.putIfAbsent(key, made);
    return raced == null ? made : raced;
  }

  /**
   * The enum with this id.
   *
   * @throws IllegalArgumentException when the registry has no such node or it is not an enum
   */
  public EnumSchema enumSchema(long id) {
    return enums.computeIfAbsent(
        id,
        key -> {
          Schema.Node.Reader node = requireNode(key, "enum");
          if (node.which() != Schema.Node.Which.ENUM) {
            throw new IllegalArgumentException(
                "node " + hex(key) + " (" + node.getDisplayName() + ") is not an enum");
          }
          return new EnumSchema(this, node, shortName(key));
        });
  }

  /**
   * Finds a struct by name: the full display name ({@code dir/file.capnp:Person.Phone}), the name
   * within its file ({@code Person.Phone}), or a simple name ({@code Phone}) when exactly one
   * struct has it. Groups and the implicit parameter structs of methods are not found by name.
   */
  public Optional<StructSchema> findStruct(String name) {
    List<Long> matches = candidates(name, Schema.Node.Which.STRUCT);
    return matches.size() == 1 ? Optional.of(struct(matches.get(0))) : Optional.empty();
  }

  /**
   * Like {@link #findStruct(String)}, for callers whose input names a struct that must exist.
   *
   * @throws IllegalArgumentException naming the struct, and the candidates when it is ambiguous
   */
  public StructSchema requireStruct(String name) {
    return struct(requireOne(name, Schema.Node.Which.STRUCT, "struct"));
  }

  /**
   * Finds an interface by name, as {@link #findStruct(String)} finds a struct; its generic
   * parameters, if any, are unbound.
   */
  public Optional<InterfaceSchema> findInterface(String name) {
    List<Long> matches = candidates(name, Schema.Node.Which.INTERFACE);
    return matches.size() == 1 ? Optional.of(interfaceSchema(matches.get(0))) : Optional.empty();
  }

  /**
   * Like {@link #findInterface(String)}, for callers whose input names an interface that must
   * exist.
   *
   * @throws IllegalArgumentException naming the interface, and the candidates when it is ambiguous
   */
  public InterfaceSchema requireInterface(String name) {
    return interfaceSchema(requireOne(name, Schema.Node.Which.INTERFACE, "interface"));
  }

  private long requireOne(String name, Schema.Node.Which kind, String what) {
    List<Long> matches = candidates(name, kind);
    if (matches.size() == 1) {
      return matches.get(0);
    }
    if (matches.isEmpty()) {
      throw new IllegalArgumentException(
          "no " + what + " named '" + name + "' among " + nodes.size() + " known schema nodes");
    }
    List<String> names = new ArrayList<>();
    for (long id : matches) {
      names.add(nodes.get(id).getDisplayName().toString());
    }
    names.sort(null);
    throw new IllegalArgumentException(
        what + " name '" + name + "' is ambiguous: " + String.join(", ", names));
  }

  private List<Long> candidates(String name, Schema.Node.Which kind) {
    List<Long> exact = new ArrayList<>();
    List<Long> simple = new ArrayList<>();
    for (Schema.Node.Reader node : nodes.values()) {
      if (node.which() != kind
          || (kind == Schema.Node.Which.STRUCT && node.getStruct().getIsGroup())
          || node.getScopeId() == 0) {
        continue;
      }
      String display = node.getDisplayName().toString();
      String decl = display.substring(display.indexOf(':') + 1);
      String last = display.substring(node.getDisplayNamePrefixLength());
      if (display.equals(name) || decl.equals(name)) {
        exact.add(node.getId());
      } else if (last.equals(name)) {
        simple.add(node.getId());
      }
    }
    return exact.isEmpty() ? simple : exact;
  }

  /** The name of a node within its file, e.g. {@code Person.Phone}; a hex id if unknown. */
  String shortName(long id) {
    Schema.Node.Reader node = nodes.get(id);
    if (node == null) {
      return hex(id);
    }
    String display = node.getDisplayName().toString();
    return display.substring(display.indexOf(':') + 1);
  }

  /**
   * The name of a node within its file with its brand's bindings after the scopes they belong to:
   * {@code Box(Text)}, {@code Tree(Person).Node}, {@code Store(Person).put$Params}.
   */
  String brandedName(long id, Brand brand) {
    String name = shortName(id);
    if (brand.isEmpty()) {
      return name;
    }
    List<Map.Entry<Long, List<ValueType>>> scopes = new ArrayList<>(brand.scopes().entrySet());
    // Longest scope name first, so that inserting bindings leaves shorter prefixes intact.
    scopes.sort((a, b) -> shortName(b.getKey()).length() - shortName(a.getKey()).length());
    for (Map.Entry<Long, List<ValueType>> scope : scopes) {
      String prefix = shortName(scope.getKey());
      if (name.equals(prefix) || name.startsWith(prefix + ".")) {
        List<String> bindings = new ArrayList<>();
        for (ValueType t : scope.getValue()) {
          bindings.add(t.toString());
        }
        name = prefix + "(" + String.join(", ", bindings) + ")" + name.substring(prefix.length());
      }
    }
    return name;
  }

  private Schema.Node.Reader requireNode(long id, String what) {
    Schema.Node.Reader node = nodes.get(id);
    if (node == null) {
      throw new IllegalArgumentException(
          what
              + " "
              + hex(id)
              + " is not in this registry; add the generated class or request that declares it");
    }
    return node;
  }

  private static String hex(long id) {
    return "@0x" + Long.toHexString(id);
  }

  /** An embedded node: one segment, flat (no segment table), base64. */
  private static MessageReader decode(String base64) {
    ByteBuffer segment =
        ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
    return new MessageReader(new ByteBuffer[] {segment}, READER_OPTIONS);
  }

  private static List<String> invokeStringList(Class<?> outerClass, String methodName) {
    Object result;
    try {
      Method method = outerClass.getMethod(methodName);
      result = method.invoke(null);
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(
          outerClass.getName()
              + " has no static "
              + methodName
              + "(); pass the outer class that capnpc-corral generated for a schema file",
          e);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalArgumentException(
          "cannot call " + outerClass.getName() + "." + methodName + "(): " + e, e);
    }
    List<String> strings = new ArrayList<>();
    if (result instanceof List<?> list) {
      for (Object o : list) {
        strings.add((String) o);
      }
    }
    return strings;
  }
}
