package corral.idl.reflect;

import corral.capnp.Schema;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.capnproto.MessageReader;
import org.capnproto.ReaderOptions;
import org.capnproto.Serialize;

/**
 * The schema nodes a program knows, by id, from which it makes {@link StructSchema}s and {@link
 * EnumSchema}s for dynamic access.
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
  private final Map<Long, String> docs = new ConcurrentHashMap<>();
  private final Map<Long, StructSchema> structs = new ConcurrentHashMap<>();
  private final Map<Long, EnumSchema> enums = new ConcurrentHashMap<>();

  /** Adds the nodes embedded in a generated outer class (one per schema file). */
  public SchemaRegistry addGenerated(Class<?> outerClass) {
    for (String encoded : invokeStringList(outerClass, "schemaNodes")) {
      Schema.Node.Reader node = decode(encoded).getRoot(Schema.Node.factory);
      nodes.put(node.getId(), node);
    }
    for (String encoded : invokeStringList(outerClass, "schemaDocs")) {
      Schema.Node.SourceInfo.Reader info = decode(encoded).getRoot(Schema.Node.SourceInfo.factory);
      if (info.hasDocComment()) {
        docs.put(info.getId(), info.getDocComment().toString());
      }
    }
    return this;
  }

  /** Adds every node of a CodeGeneratorRequest. */
  public SchemaRegistry addRequest(Schema.CodeGeneratorRequest.Reader request) {
    for (Schema.Node.Reader node : request.getNodes()) {
      nodes.put(node.getId(), node);
    }
    for (Schema.Node.SourceInfo.Reader info : request.getSourceInfo()) {
      if (info.hasDocComment()) {
        docs.put(info.getId(), info.getDocComment().toString());
      }
    }
    return this;
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

  /** The node with this id, if known. */
  public Optional<Schema.Node.Reader> node(long id) {
    return Optional.ofNullable(nodes.get(id));
  }

  /** The doc comment of a node, if it has one. */
  public Optional<String> doc(long id) {
    return Optional.ofNullable(docs.get(id));
  }

  /**
   * The struct with this id.
   *
   * @throws IllegalArgumentException when the registry has no such node or it is not a struct
   */
  public StructSchema struct(long id) {
    StructSchema known = structs.get(id);
    if (known != null) {
      return known;
    }
    Schema.Node.Reader node = requireNode(id, "struct");
    if (node.which() != Schema.Node.Which.STRUCT) {
      throw new IllegalArgumentException(
          "node " + hex(id) + " (" + node.getDisplayName() + ") is not a struct");
    }
    StructSchema made = new StructSchema(this, node, shortName(id));
    StructSchema raced = structs.putIfAbsent(id, made);
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
          return new EnumSchema(node, shortName(key));
        });
  }

  /**
   * Finds a struct by name: the full display name ({@code dir/file.capnp:Person.Phone}), the name
   * within its file ({@code Person.Phone}), or a simple name ({@code Phone}) when exactly one
   * struct has it. Groups and the implicit parameter structs of methods are not found by name.
   */
  public Optional<StructSchema> findStruct(String name) {
    List<Long> matches = candidates(name);
    return matches.size() == 1 ? Optional.of(struct(matches.get(0))) : Optional.empty();
  }

  /**
   * Like {@link #findStruct(String)}, for callers whose input names a struct that must exist.
   *
   * @throws IllegalArgumentException naming the struct, and the candidates when it is ambiguous
   */
  public StructSchema requireStruct(String name) {
    List<Long> matches = candidates(name);
    if (matches.size() == 1) {
      return struct(matches.get(0));
    }
    if (matches.isEmpty()) {
      throw new IllegalArgumentException(
          "no struct named '" + name + "' among " + nodes.size() + " known schema nodes");
    }
    List<String> names = new ArrayList<>();
    for (long id : matches) {
      names.add(nodes.get(id).getDisplayName().toString());
    }
    throw new IllegalArgumentException(
        "struct name '" + name + "' is ambiguous: " + String.join(", ", names));
  }

  private List<Long> candidates(String name) {
    List<Long> exact = new ArrayList<>();
    List<Long> simple = new ArrayList<>();
    for (Schema.Node.Reader node : nodes.values()) {
      if (node.which() != Schema.Node.Which.STRUCT
          || node.getStruct().getIsGroup()
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
