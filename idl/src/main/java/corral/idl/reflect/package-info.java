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
 * they reference, as base64 messages ({@code schemaNodes()}, {@code schemaDocs()}). A {@link
 * corral.idl.reflect.SchemaRegistry} collects such nodes — from generated classes, or straight from
 * a CodeGeneratorRequest ({@code capnp compile -o- x.capnp}) when no code was generated at all —
 * and makes {@link corral.idl.reflect.StructSchema}s and {@link corral.idl.reflect.EnumSchema}s
 * from them on demand. There is no global registry: whoever needs one builds it and passes it
 * along, so two kernels in one JVM (as in tests) never see each other's schemas.
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
