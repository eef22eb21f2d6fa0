package corral.idl.reflect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.idl.reflect.testschema.Everything;
import corral.idl.reflect.testschema.GenericSchemas;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.capnproto.MessageBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Interfaces and methods by reflection, as {@code corral call NAME METHOD '(...)'} will use them:
 * methods by name and ordinal, inherited ones, parameter and result structs under brands, and doc
 * comments on every member.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InterfaceSchemaTest {
  private static SchemaRegistry registry;

  @BeforeAll
  static void compileSchema() {
    registry = Capnp.registry(Capnp.GENERICS);
  }

  @Test
  void aRegistryHandedOnAsARequestKnowsTheSameMethodsTypesAndDocs() {
    SchemaRegistry received = new SchemaRegistry().addRequest(registry.toRequest());

    InterfaceSchema sent = registry.requireInterface("PersonStore");
    InterfaceSchema got = received.requireInterface("PersonStore");
    assertEquals(sent.id(), got.id());
    assertEquals(
        sent.allMethods().stream().map(MethodSchema::toString).toList(),
        got.allMethods().stream().map(MethodSchema::toString).toList());
    assertEquals(sent.doc(), got.doc());
    assertEquals(
        registry.requireInterface("Store").requireMethod("put").doc(),
        received.requireInterface("Store").requireMethod("put").doc());
    assertEquals(
        registry.requireStruct("Person").requireField("name").doc(),
        received.requireStruct("Person").requireField("name").doc());
    assertTrue(received.requireStruct("Person").requireField("name").doc().isPresent());
  }

  @Test
  void methodsAreFoundByOrdinalAndByName() {
    InterfaceSchema named = registry.requireInterface("Named");
    MethodSchema name = named.method(0).orElseThrow();

    assertEquals("name", name.name());
    assertEquals(0, name.ordinal());
    assertEquals(named.id(), name.interfaceId());
    assertSame(name, named.findMethod("name").orElseThrow());
    assertEquals(Optional.empty(), named.method(1));
    assertEquals(
        List.of("put", "get", "entries", "identity"),
        registry.requireInterface("Store").methods().stream().map(MethodSchema::name).toList());
    assertEquals(
        GenericSchemas.Named.TYPE_ID, named.id(), "the id the generated metadata carries too");
  }

  @Test
  void inheritedMethodsAreReachedThroughSuperclassesUnderTheirBrand() {
    InterfaceSchema people = registry.requireInterface("PersonStore");

    MethodSchema put = people.requireMethod("put");
    assertEquals("Store(Person)", put.owner().name());
    assertEquals(registry.requireInterface("Store").id(), put.interfaceId());
    assertEquals(0, put.ordinal());
    assertEquals("Store(Person).put$Params", put.params().name());
    assertEquals("Person", put.params().requireField("value").type().toString());
    assertEquals("Person", put.results().requireField("previous").type().toString());
    assertEquals(
        "Store(Person).put @0 (key :Text, value :Person) -> (previous :Person)", put.toString());

    MethodSchema get = people.requireMethod("get");
    assertEquals("Box(Person)", get.results().name());
    assertEquals(
        registry.requireStruct("Person"),
        get.results().requireField("value").type().structSchema());
    assertEquals(
        "List(Pair(Text, Person))",
        people.requireMethod("entries").results().requireField("entries").type().toString());
  }

  @Test
  void ancestryListsEachInterfaceOnceAndOwnMethodsComeFirst() {
    InterfaceSchema people = registry.requireInterface("PersonStore");

    assertEquals(
        List.of("PersonStore", "Store(Person)", "Named"),
        people.ancestry().stream().map(InterfaceSchema::name).toList());
    assertEquals(
        List.of("Store(Person)", "Named"),
        people.superclasses().stream().map(InterfaceSchema::name).toList());
    assertEquals(
        List.of(
            "PersonStore.count",
            "PersonStore.name",
            "Store(Person).put",
            "Store(Person).get",
            "Store(Person).entries",
            "Store(Person).identity",
            "Named.name"),
        people.allMethods().stream().map(m -> m.owner().name() + "." + m.name()).toList());
  }

  @Test
  void anOwnMethodHidesAnInheritedOneUnlessTheNameIsQualified() {
    InterfaceSchema people = registry.requireInterface("PersonStore");

    MethodSchema own = people.requireMethod("name");
    assertEquals(people, own.owner());
    assertEquals(1, own.ordinal());
    MethodSchema inherited = people.requireMethod("Named.name");
    assertEquals(registry.requireInterface("Named"), inherited.owner());
    assertEquals(0, inherited.ordinal());
    assertSame(people.requireMethod("put"), people.requireMethod("Store.put"));
    assertSame(people.requireMethod("put"), people.requireMethod("Store(Person).put"));
    assertEquals(Optional.empty(), people.findMethod("Named.put"));
  }

  @Test
  void anUnknownMethodIsRefusedListingTheMethodsThereAre() {
    InterfaceSchema people = registry.requireInterface("PersonStore");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> people.requireMethod("nope"));

    assertEquals(
        "interface PersonStore has no method 'nope'; it has count, name, Store.put, Store.get,"
            + " Store.entries, Store.identity, Named.name",
        e.getMessage());
  }

  @Test
  void aSuperclassBoundToTheSubclassesParameterFollowsTheSubclassesBrand() {
    InterfaceSchema cache =
        registry.requireStruct("Holder").requireField("cache").type().interfaceSchema();

    assertEquals("Cache(Text)", cache.name());
    assertEquals(
        List.of("Store(Text)"), cache.superclasses().stream().map(InterfaceSchema::name).toList());
    assertEquals(
        "Text", cache.requireMethod("evict").results().requireField("evicted").type().toString());
    assertEquals(
        "Text", cache.requireMethod("put").params().requireField("value").type().toString());
    assertEquals("Box(Text)", cache.requireMethod("get").results().name());
    assertEquals(
        ValueType.Kind.ANY_POINTER,
        registry
            .requireInterface("Cache")
            .requireMethod("put")
            .params()
            .requireField("value")
            .type()
            .kind());
  }

  @Test
  void anUnbrandedGenericInterfaceReadsItsParametersAsAnyPointer() {
    InterfaceSchema store = registry.requireInterface("Store");
    MethodSchema put = store.requireMethod("put");

    assertEquals("Store", store.name());
    assertEquals("Store.put$Params", put.params().name());
    assertEquals(ValueType.Kind.ANY_POINTER, put.params().requireField("value").type().kind());
    assertEquals("Box", store.requireMethod("get").results().name());
  }

  @Test
  void aMethodsOwnGenericParameterIsAnyPointerAndItsInterfaceParameterIsBound() {
    MethodSchema identity = registry.requireInterface("PersonStore").requireMethod("identity");

    assertEquals(List.of("U"), identity.implicitParameters());
    assertEquals(ValueType.Kind.ANY_POINTER, identity.params().requireField("u").type().kind());
    assertEquals("Person", identity.params().requireField("t").type().toString());
  }

  @Test
  void anInterfaceTypedFieldLeadsToItsInterfaceSchemaUnderItsBrand() {
    ValueType store = registry.requireStruct("Holder").requireField("store").type();

    assertEquals(ValueType.Kind.INTERFACE, store.kind());
    assertEquals("Store(Person)", store.toString());
    assertSame(
        registry.requireInterface("PersonStore").superclasses().get(0), store.interfaceSchema());
  }

  /**
   * What {@code corral call} does: parse the argument text into the method's parameter struct. The
   * bytes are checked by capnp through PersonEntry, a struct with the same layout, since capnp's
   * command line cannot name a parameter struct.
   */
  @Test
  void argumentTextParsesIntoTheParameterStructAsCapnpWouldBuildIt() {
    MethodSchema put = registry.requireInterface("PersonStore").requireMethod("put");
    String args = "(key = \"ann\", value = (name = \"Ann\", age = 41))";

    MessageBuilder message = TextFormat.parse(args, put.params());
    byte[] binary = Capnp.write(message);

    assertEquals(
        Capnp.binaryToText(Capnp.GENERICS, "PersonEntry", binary, true),
        TextFormat.printShort(DynamicStruct.read(Capnp.read(binary), put.params())));
    assertEquals(
        new String(
            Capnp.canonical(
                Capnp.GENERICS,
                "PersonEntry",
                Capnp.textToBinary(Capnp.GENERICS, "PersonEntry", args)),
            java.nio.charset.StandardCharsets.ISO_8859_1),
        new String(
            Capnp.canonical(Capnp.GENERICS, "PersonEntry", binary),
            java.nio.charset.StandardCharsets.ISO_8859_1));
    TextFormatException wrong =
        assertThrows(
            TextFormatException.class, () -> TextFormat.parse("(value = \"Ann\")", put.params()));
    assertEquals(
        "type mismatch for field 'value' of Store(Person).put$Params: expected Person, found a"
            + " string at 1:10",
        wrong.getMessage());
  }

  @Test
  void docCommentsOfNodesFieldsEnumerantsAndMethodsAreKept() {
    assertDocs(registry);
  }

  @Test
  void docCommentsEmbeddedInAGeneratedClassAreKeptToo() {
    assertDocs(new SchemaRegistry().addGenerated(GenericSchemas.class));
  }

  private static void assertDocs(SchemaRegistry r) {
    StructSchema box = r.requireStruct("Box");
    assertEquals(Optional.of("One value of any pointer type."), box.doc());
    assertEquals(Optional.of("What the box holds."), box.requireField("value").doc());
    StructSchema person = r.requireStruct("Person");
    assertEquals(Optional.of("Given name first."), person.requireField("name").doc());
    assertEquals(Optional.empty(), person.requireField("age").doc());
    assertEquals(
        Optional.of("What the box holds."),
        r.requireStruct("Holder")
            .requireField("personBox")
            .type()
            .structSchema()
            .requireField("value")
            .doc(),
        "a branded struct has the docs of its node");

    EnumSchema mood =
        r.requireStruct("Holder")
            .requireField("moods")
            .type()
            .structSchema()
            .requireField("value")
            .type()
            .element()
            .enumSchema();
    assertEquals(Optional.of("How it went."), mood.doc());
    assertEquals(Optional.of("Nothing to report."), mood.enumerantDoc(0));
    assertEquals(Optional.empty(), mood.enumerantDoc(1));
    assertEquals(Optional.empty(), mood.enumerantDoc(7));

    InterfaceSchema store = r.requireInterface("Store");
    assertEquals(Optional.of("A store of values, by key."), store.doc());
    assertEquals(
        Optional.of("Stores `value` under `key` and returns what was there."),
        store.requireMethod("put").doc());
    assertEquals(Optional.empty(), store.requireMethod("entries").doc());
    InterfaceSchema people = r.requireInterface("PersonStore");
    assertEquals(Optional.of("Hides Named.name."), people.requireMethod("name").doc());
    assertEquals(Optional.of("The name it is known by."), people.requireMethod("Named.name").doc());
    assertEquals(Optional.of("The value under `key`."), people.requireMethod("get").doc());
  }

  @Test
  void aRegistryWithoutTheInterfaceSaysSo() {
    SchemaRegistry other = new SchemaRegistry().addGenerated(Everything.class);

    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class, () -> other.requireInterface("Store"));
    assertTrue(
        missing.getMessage().startsWith("no interface named 'Store' among "), missing.getMessage());
    IllegalArgumentException notInterface =
        assertThrows(
            IllegalArgumentException.class,
            () -> other.interfaceSchema(registry.requireStruct("Person").id()));
    assertTrue(
        notInterface.getMessage().contains("is not in this registry"), notInterface.getMessage());
    IllegalArgumentException kind =
        assertThrows(
            IllegalArgumentException.class,
            () -> registry.interfaceSchema(registry.requireStruct("Person").id()));
    assertTrue(
        kind.getMessage()
            .endsWith("(src/test/capnp/reflect/generics.capnp:Person) is not an interface"),
        kind.getMessage());
    assertEquals("Echo", other.requireInterface("Echo").name());
    assertEquals(
        "Echo.echo @0 (text :Text) -> (text :Text)",
        other.requireInterface("Echo").requireMethod("echo").toString());
  }
}
