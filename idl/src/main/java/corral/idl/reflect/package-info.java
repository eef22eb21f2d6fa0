/**
 * Schema reflection: reading, building, printing and parsing any Cap'n Proto struct from its schema
 * alone, with no generated class for it. This is what {@code corral call} stands on: it knows an
 * interface's method only by the schema nodes a kernel or a generated class hands it, and must
 * still turn {@code '(name = "disk0", blocks = 8192)'} into a message and a result message back
 * into text.
 *
 * <h2>Where the schemas come from</h2>
 *
 * Every outer class capnpc-corral generates carries its file's schema nodes, and those of the types
 * they reference, each a flat segment in base64 whose word 0 is the root pointer ({@code
 * schemaNodes()}, and their doc comments in {@code schemaDocs()}). A {@link
 * corral.idl.reflect.SchemaRegistry} collects such nodes — from generated classes, or straight from
 * a CodeGeneratorRequest ({@code capnp compile -o- x.capnp}) when no code was generated at all —
 * and makes {@link corral.idl.reflect.StructSchema}s, {@link corral.idl.reflect.EnumSchema}s and
 * {@link corral.idl.reflect.InterfaceSchema}s from them on demand. There is no global registry:
 * whoever needs one builds it and passes it along, so two kernels in one JVM (as in tests) never
 * see each other's schemas. A registry's nodes travel to another process as a CodeGeneratorRequest
 * ({@link corral.idl.reflect.SchemaRegistry#toRequest()}, read there by {@code addRequest}): how a
 * kernel that loaded a driver's generated classes tells a client the driver's interface.
 *
 * <h2>Dynamic access</h2>
 *
 * {@link corral.idl.reflect.DynamicStruct} and {@link corral.idl.reflect.DynamicList} read and
 * build messages through the same {@code org.capnproto} runtime generated code uses, reaching its
 * protected field accessors through one small subclass per side ({@code WireStruct}). So a dynamic
 * builder writes exactly the bytes a generated builder would, defaults are XOR-encoded the same
 * way, and a struct written by an older or newer schema is read the same way. Values are plain Java
 * objects chosen by the field's kind (see {@code DynamicStruct}); AnyPointer and capability fields
 * are opaque.
 *
 * <h2>Generics</h2>
 *
 * Brands are resolved, as in Cap'n Proto's C++ dynamic API: a struct or interface is seen under the
 * bindings of the place that names it, so the field {@code value :T} of a {@code Box(Text)} field
 * is Text, {@code Tree(Person).Node} sees {@code T = Person}, and the methods of {@code
 * Store(Person)} — also when inherited by an interface that {@code extends(Store(Person))} — take
 * and return Persons. The registry keeps one schema object per node and brand. A parameter that
 * nothing binds ({@code Box} alone, a method's own {@code [U]}) stays an opaque AnyPointer.
 *
 * <h2>Interfaces</h2>
 *
 * {@link corral.idl.reflect.InterfaceSchema} and {@link corral.idl.reflect.MethodSchema} give a
 * method by ordinal or name, inherited ones included, with the struct its parameters are built in
 * and the struct its results are read from: {@code corral call NAME METHOD '(field = value)'}
 * parses the text into {@link corral.idl.reflect.MethodSchema#params()} and prints the answer
 * through {@link corral.idl.reflect.MethodSchema#results()}. Doc comments of nodes and of their
 * fields, enumerants and methods come along, for help texts.
 *
 * <h2>Text format</h2>
 *
 * {@link corral.idl.reflect.TextFormat} prints what {@code capnp convert binary:text} prints, byte
 * for byte — the same choice of fields (every non-union field, pointers only when set, the union
 * member in its ordinal place), the same line breaking, float digits and escapes — because users
 * will diff our output against the reference tool's. The parser takes the schema language's struct
 * literals as {@code capnp convert text:binary} does and builds the same message; where capnp is
 * silently lax (an integer literal past 2^64-1) it refuses with an error instead. Errors name the
 * field, the struct and the line:column ({@code unknown field 'foo' in Person at 1:12}) because the
 * text usually comes from a person at a command line.
 *
 * <p>The tests run every claim against the real {@code capnp} tool.
 */
package corral.idl.reflect;
