package corral.idl.reflect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.idl.reflect.testschema.Everything;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.capnproto.MessageBuilder;
import org.capnproto.Text;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Dynamic reading and building, checked against capnp and against the generated classes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DynamicStructTest {
  private static SchemaRegistry registry;

  @BeforeAll
  static void compileSchema() {
    registry = Capnp.registry();
  }

  @Test
  void anEmptyStructReadsItsSchemaDefaults() {
    StructSchema defaults = registry.requireStruct("Defaults");
    DynamicStruct.Reader r =
        DynamicStruct.read(Capnp.read(Capnp.textToBinary("Defaults", "()")), defaults);

    assertEquals(true, r.get("flag"));
    assertEquals((byte) -7, r.get("small"));
    assertEquals(-1L, r.get("big"));
    assertEquals(1.5f, r.get("ratio"));
    assertEquals(-2.25e100, r.get("precise"));
    assertEquals("anonymous", r.get("name"));
    assertArrayEquals(
        new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef}, (byte[]) r.get("blob"));
    assertEquals("(x = 3, y = -4)", r.get("origin").toString());
    assertEquals("green", r.get("color").toString());
    assertEquals("[2, 3, 5, 7]", r.get("primes").toString());
    assertEquals(42L, r.get("count"));
    assertFalse(r.has("origin"), "a default is not a stored value");
  }

  @Test
  void builtMessageReadsBackThroughGeneratedCode() {
    MessageBuilder message = new MessageBuilder();
    DynamicStruct.Builder person =
        DynamicStruct.newMessage(message, registry.requireStruct("Person"));
    person.set("name", "Alice");
    person.set("age", 30);
    person.set("favorite", "blue");
    DynamicList.Builder phones = person.init("phones", 2);
    DynamicStruct.Builder phone = (DynamicStruct.Builder) phones.get(1);
    phone.set("number", "555");
    phone.set("kind", "work");
    person.init("employment").set("employer", "Corral");

    Everything.Person.Reader generated =
        Capnp.read(Capnp.write(message)).getRoot(Everything.Person.factory);
    assertEquals("Alice", generated.getName().toString());
    assertEquals(30, generated.getAge());
    assertEquals(Everything.Color.BLUE, generated.getFavorite());
    assertEquals(2, generated.getPhones().size());
    assertEquals("555", generated.getPhones().get(1).getNumber().toString());
    assertEquals(Everything.Person.Phone.Kind.WORK, generated.getPhones().get(1).getKind());
    assertEquals("Corral", generated.getEmployment().getEmployer().toString());
  }

  @Test
  void aStructBuiltAndReadThroughAPointerIsTheSameAsARootStruct() {
    StructSchema schema = registry.requireStruct("Person");
    MessageBuilder message = new MessageBuilder();
    org.capnproto.AnyPointer.Builder pointer = message.initRoot(org.capnproto.AnyPointer.factory);
    TextFormat.parseInto("(name = \"Bob\", age = 7)", DynamicStruct.init(pointer, schema));

    Everything.Person.Reader generated =
        Capnp.read(Capnp.write(message)).getRoot(Everything.Person.factory);
    assertEquals("Bob", generated.getName().toString());
    assertEquals(7, generated.getAge());
    assertEquals(
        "(name = \"Bob\", age = 7, favorite = red, employment = (unemployed = void))",
        TextFormat.printShort(DynamicStruct.read(pointer.asReader(), schema)));
  }

  @Test
  void settingAUnionMemberMakesItActive() {
    MessageBuilder message = new MessageBuilder();
    StructSchema schema = registry.requireStruct("Everything");
    DynamicStruct.Builder b = DynamicStruct.newMessage(message, schema);
    assertEquals("none", b.which().orElseThrow().name());

    b.set("count", 5);
    assertEquals("count", b.which().orElseThrow().name());
    b.set("label", "hi");
    assertEquals("label", b.which().orElseThrow().name());
    assertTrue(b.has(schema.requireField("label")));
    assertFalse(b.has(schema.requireField("count")));

    DynamicStruct.Builder both = b.init("both");
    both.set("left", -3);
    assertEquals("both", b.which().orElseThrow().name());
    assertEquals("(left = -3)", b.asReader().get("both").toString());
  }

  @Test
  void valuesThatDoNotFitAreRefusedNamingTheField() {
    MessageBuilder message = new MessageBuilder();
    DynamicStruct.Builder b =
        DynamicStruct.newMessage(message, registry.requireStruct("Everything"));

    IllegalArgumentException range =
        assertThrows(IllegalArgumentException.class, () -> b.set("uint8Field", 256));
    assertEquals(
        "value 256 is out of range for field Everything.uint8Field (UInt8: 0 to 255)",
        range.getMessage());
    IllegalArgumentException type =
        assertThrows(IllegalArgumentException.class, () -> b.set("textField", 5));
    assertEquals("field Everything.textField is Text; cannot take Integer 5", type.getMessage());
    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class, () -> b.get("nope"));
    assertTrue(missing.getMessage().startsWith("struct Everything has no field 'nope'"));
  }

  @Test
  void unknownEnumValuesAndOpaquePointersPrintAsCapnpPrintsThem() {
    MessageBuilder message = new MessageBuilder();
    DynamicStruct.Builder b =
        DynamicStruct.newMessage(message, registry.requireStruct("Everything"));
    b.set("enumField", 7);
    DynamicList.Builder colors = b.init("enumList", 2);
    colors.set(0, "blue");
    colors.set(1, 9);
    ((org.capnproto.AnyPointer.Builder) b.get("anyField"))
        .setAs(Text.factory, new Text.Reader("opaque"));
    byte[] binary = Capnp.write(message);

    DynamicStruct.Reader r =
        DynamicStruct.read(Capnp.read(binary), registry.requireStruct("Everything"));
    assertEquals(Capnp.binaryToText("Everything", binary, false), TextFormat.print(r));
    assertTrue(TextFormat.printShort(r).contains("enumField = (7)"));
    assertTrue(TextFormat.printShort(r).contains("anyField = <opaque pointer>"));
  }

  @Test
  void registryFindsStructsByEveryFormOfName() {
    StructSchema phone = registry.requireStruct("Person.Phone");
    assertEquals(phone, registry.requireStruct("Phone"));
    assertEquals(phone, registry.requireStruct(phone.node().getDisplayName().toString()));
    assertTrue(registry.findStruct("Nope").isEmpty());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> registry.requireStruct("Nope"));
    assertTrue(e.getMessage().startsWith("no struct named 'Nope'"), e.getMessage());
    assertEquals(
        List.of("mobile", "home", "work"),
        phone.requireField("kind").type().enumSchema().enumerants());
  }

  @Test
  void registryLoadsTheNodesEmbeddedInAGeneratedClass() {
    SchemaRegistry fromClass = new SchemaRegistry().addGenerated(Everything.class);
    StructSchema person = fromClass.requireStruct("Person");
    assertEquals(registry.requireStruct("Person").id(), person.id());

    String text = "(name = \"Zed\", phones = [(number = \"1\")], employment = (school = \"X\"))";
    MessageBuilder parsed = TextFormat.parse(text, person);
    DynamicStruct.Reader r = DynamicStruct.read(Capnp.read(Capnp.write(parsed)), person);
    assertEquals(Capnp.binaryToText("Person", Capnp.write(parsed), false), TextFormat.print(r));
  }

  @Test
  void aClassWithoutEmbeddedNodesIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new SchemaRegistry().addGenerated(String.class));
    assertTrue(e.getMessage().startsWith("java.lang.String has no static schemaNodes()"));
  }
}
