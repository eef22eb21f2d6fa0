package corral.idl.compiler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import corral.idl.conformance.Conformance;
import corral.idl.conformance.Conformance.Color;
import corral.idl.conformance.Conformance.Defaults;
import corral.idl.conformance.Conformance.Generics;
import corral.idl.conformance.Conformance.Lists;
import corral.idl.conformance.Conformance.Outer;
import corral.idl.conformance.Conformance.Pointers;
import corral.idl.conformance.Conformance.Scalars;
import corral.idl.conformance.Conformance.Shapes;
import corral.idl.conformance.Mangling;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.capnproto.MessageBuilder;
import org.capnproto.PrimitiveList;
import org.capnproto.StructList;
import org.capnproto.Text;
import org.capnproto.TextList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Messages built through the generated builders, canonicalised by the reference implementation
 * ({@code capnp convert binary:canonical}), equal the canonical form of the expected value written
 * in the schema language's text format ({@code capnp convert text:canonical}).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConformanceWriteTest {
  static final String SCHEMA = "conformance.capnp";

  /** Asserts that the built message is, canonically, the value {@code expectedText}. */
  static void assertCanonical(
      MessageBuilder built, String schema, String type, String expectedText) {
    byte[] expected = CapnpTool.convertText("text:canonical", expectedText, schema, type);
    byte[] actual = CapnpTool.convert("binary:canonical", CapnpTool.serialize(built), schema, type);
    if (!java.util.Arrays.equals(expected, actual)) {
      String text =
          new String(
              CapnpTool.convert("binary:text", CapnpTool.serialize(built), schema, type),
              StandardCharsets.UTF_8);
      throw new AssertionError(
          "built message differs from "
              + expectedText.strip()
              + "\ncapnp reads the built message as: "
              + text
              + "\nexpected: "
              + HexFormat.of().formatHex(expected)
              + "\nactual:   "
              + HexFormat.of().formatHex(actual));
    }
  }

  @Test
  void everyPrimitiveFieldWritesWhatCapnpExpects() {
    MessageBuilder message = new MessageBuilder();
    Scalars.Builder s = message.initRoot(Scalars.factory);
    s.setVoidField(org.capnproto.Void.VOID);
    s.setBoolField(true);
    s.setInt8Field(Byte.MIN_VALUE);
    s.setInt16Field(Short.MIN_VALUE);
    s.setInt32Field(Integer.MIN_VALUE);
    s.setInt64Field(Long.MIN_VALUE);
    s.setUint8Field((byte) 255);
    s.setUint16Field((short) 65535);
    s.setUint32Field((int) 4294967295L);
    s.setUint64Field(-1L);
    s.setFloat32Field(-1.5f);
    s.setFloat64Field(3.25e100);
    s.setTextField("héllo\n");
    s.setDataField(new byte[] {0, (byte) 0xff, 0x10});
    s.setEnumField(Color.ULTRA_VIOLET);
    Scalars.Builder inner = s.initStructField();
    inner.setInt32Field(5);
    inner.setTextField(new Text.Reader("inner"));
    s.initImportedField().setName("imp");
    assertCanonical(message, SCHEMA, "Scalars", ConformanceReadTest.SCALARS);
  }

  @Test
  void builderGettersReturnDefaultsAndAnEmptyStructStaysEmpty() {
    MessageBuilder message = new MessageBuilder();
    Defaults.Builder d = message.initRoot(Defaults.factory);
    ConformanceReadTest.assertDefaults(d.asReader());
    assertTrue(d.getBoolTrue());
    assertEquals(Long.MIN_VALUE, d.getInt64Min());
    assertTrue(Float.isNaN(d.getFloat32Nan()));
    assertEquals(Color.BLUE, d.getEnumValue());
    MessageBuilder empty = new MessageBuilder();
    empty.initRoot(Defaults.factory);
    assertCanonical(empty, SCHEMA, "Defaults", "()");
  }

  /** Pointer fields with schema defaults, one per kind: the builder getter, the default's text. */
  static Stream<Arguments> pointerDefaults() {
    return Stream.of(
        arguments(
            "struct",
            (Consumer<Defaults.Builder>) Defaults.Builder::getStructValue,
            "structValue = (int32Field = 7, textField = \"nested\", enumField = green,"
                + " structField = (boolField = true))"),
        arguments(
            "list of primitives",
            (Consumer<Defaults.Builder>) Defaults.Builder::getInt32List,
            "int32List = [1, -2, 3]"),
        arguments(
            "list of bools",
            (Consumer<Defaults.Builder>) Defaults.Builder::getBoolList,
            "boolList = [true, false, true, true, false, false, false, false, true]"),
        arguments(
            "list of floats",
            (Consumer<Defaults.Builder>) Defaults.Builder::getFloat64List,
            "float64List = [7777.75, inf, -inf, nan]"),
        arguments(
            "list of enums",
            (Consumer<Defaults.Builder>) Defaults.Builder::getEnumList,
            "enumList = [ultraViolet, red]"),
        arguments(
            "list of structs",
            (Consumer<Defaults.Builder>) Defaults.Builder::getStructList,
            "structList = [(int8Field = 1), (textField = \"two\")]"),
        arguments(
            "list of text",
            (Consumer<Defaults.Builder>) Defaults.Builder::getTextList,
            "textList = [\"a\", \"\", \"ccc\"]"),
        arguments(
            "list of data",
            (Consumer<Defaults.Builder>) Defaults.Builder::getDataList,
            "dataList = [0x\"01\", 0x\"02 03\"]"),
        arguments(
            "list of lists",
            (Consumer<Defaults.Builder>) Defaults.Builder::getListList,
            "listList = [[1, 2], [], [-3]]"),
        arguments(
            "text",
            (Consumer<Defaults.Builder>) Defaults.Builder::getTextValue,
            "textValue = \"bar \\\"quoted\\\"\\n\\ttabbed, ünïcödé\""),
        arguments(
            "data",
            (Consumer<Defaults.Builder>) Defaults.Builder::getDataValue,
            "dataValue = 0x\"de ad be ef 00 01\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pointerDefaults")
  void theBuilderGetterOfAnUnsetPointerFieldWritesACopyOfItsDefault(
      String kind, Consumer<Defaults.Builder> getter, String expected) {
    MessageBuilder message = new MessageBuilder();
    getter.accept(message.initRoot(Defaults.factory));
    assertCanonical(message, SCHEMA, "Defaults", "(" + expected + ")");
  }

  @Test
  void builderGettersCopyDefaultsWhoseTypeDependsOnATypeParameter() {
    MessageBuilder message = new MessageBuilder();
    Conformance.Defaulted.Builder<Text.Builder> d =
        message.initRoot(Conformance.Defaulted.newFactory(Text.factory));
    assertFalse(d.getBox().hasValue());
    assertEquals(2, d.getBoxes().size());
    assertCanonical(message, SCHEMA, "Defaulted", "(box = (), boxes = [(), ()])");
  }

  @Test
  void theCopyOfADefaultIsTheMessagesOwnToChange() {
    MessageBuilder message = new MessageBuilder();
    Defaults.Builder d = message.initRoot(Defaults.factory);
    d.getStructValue().setInt32Field(8);
    d.getInt32List().set(1, 20);
    d.getStructList().get(0).setInt8Field((byte) 9);
    assertCanonical(
        message,
        SCHEMA,
        "Defaults",
        """
        (structValue = (int32Field = 8, textField = "nested", enumField = green,
                        structField = (boolField = true)),
         int32List = [1, 20, 3], structList = [(int8Field = 9), (textField = "two")])
        """);
    MessageBuilder fresh = new MessageBuilder();
    assertEquals(7, fresh.initRoot(Defaults.factory).getStructValue().getInt32Field());
  }

  @Test
  void settingFieldsAwayFromTheirDefaultsWritesTheValues() {
    MessageBuilder message = new MessageBuilder();
    Defaults.Builder d = message.initRoot(Defaults.factory);
    d.setBoolTrue(false);
    d.setInt8Min((byte) 0);
    d.setUint64Max(0);
    d.setFloat32Nan(0f);
    d.setFloat64Inf(1.5);
    d.setFloat64NegZero(0.0);
    d.setTextValue("set");
    d.setEnumValue(Color.RED);
    d.initStructValue();
    d.initInt32List(0);
    assertCanonical(
        message,
        SCHEMA,
        "Defaults",
        """
        (boolTrue = false, int8Min = 0, uint64Max = 0, float32Nan = 0, float64Inf = 1.5,
         textValue = "set", enumValue = red, structValue = (), int32List = [],
         float64NegZero = 0)
        """);
  }

  @Test
  void settingFieldsToTheirDefaultsLeavesTheWireZero() {
    MessageBuilder message = new MessageBuilder();
    Defaults.Builder d = message.initRoot(Defaults.factory);
    d.setBoolTrue(true);
    d.setInt16Neg((short) -12345);
    d.setUint32Max(-1);
    d.setFloat32Inf(Float.POSITIVE_INFINITY);
    d.setFloat64Value(-123e45);
    d.setEnumValue(Color.BLUE);
    assertCanonical(message, SCHEMA, "Defaults", "()");
  }

  @Test
  void listsOfEveryKindWriteWhatCapnpExpects() {
    MessageBuilder message = new MessageBuilder();
    Lists.Builder l = message.initRoot(Lists.factory);
    l.initVoidList(3);
    PrimitiveList.Boolean.Builder bools = l.initBoolList(3);
    bools.set(0, true);
    bools.set(2, true);
    PrimitiveList.Byte.Builder int8 = l.initInt8List(2);
    int8.set(0, (byte) -1);
    int8.set(1, (byte) 2);
    PrimitiveList.Short.Builder int16 = l.initInt16List(2);
    int16.set(0, (short) -300);
    int16.set(1, (short) 300);
    PrimitiveList.Int.Builder int32 = l.initInt32List(2);
    int32.set(0, -70000);
    int32.set(1, 70000);
    PrimitiveList.Long.Builder int64 = l.initInt64List(2);
    int64.set(0, -5000000000L);
    int64.set(1, 5000000000L);
    PrimitiveList.Byte.Builder uint8 = l.initUint8List(2);
    uint8.set(0, (byte) 255);
    uint8.set(1, (byte) 1);
    l.initUint16List(1).set(0, (short) 65535);
    l.initUint32List(1).set(0, -1);
    l.initUint64List(1).set(0, -1L);
    PrimitiveList.Float.Builder f32 = l.initFloat32List(3);
    f32.set(0, 1.5f);
    f32.set(1, Float.POSITIVE_INFINITY);
    f32.set(2, Float.NEGATIVE_INFINITY);
    PrimitiveList.Double.Builder f64 = l.initFloat64List(2);
    f64.set(0, -2.25);
    f64.set(1, Double.NaN);
    TextList.Builder texts = l.initTextList(3);
    texts.set(0, new Text.Reader("a"));
    texts.set(1, new Text.Reader(""));
    texts.set(2, new Text.Reader("ccc"));
    org.capnproto.DataList.Builder data = l.initDataList(2);
    data.set(0, new org.capnproto.Data.Reader(new byte[] {1, 2}));
    data.set(1, new org.capnproto.Data.Reader(new byte[] {(byte) 0xff}));
    org.capnproto.EnumList.Builder<Color> enums = l.initEnumList(2);
    enums.set(0, Color.RED);
    enums.set(1, Color.ULTRA_VIOLET);
    StructList.Builder<Scalars.Builder> structs = l.initStructList(2);
    structs.get(0).setInt8Field((byte) 1);
    structs.get(1).setTextField("x");
    org.capnproto.ListList.Builder<PrimitiveList.Int.Builder> intLists = l.initInt32ListList(3);
    intLists.init(0, 2).set(0, 1);
    intLists.get(0).set(1, 2);
    intLists.init(1, 0);
    intLists.init(2, 1).set(0, 3);
    org.capnproto.ListList.Builder<TextList.Builder> textLists = l.initTextListList(2);
    textLists.init(0, 1).set(0, new Text.Reader("a"));
    TextList.Builder bc = textLists.init(1, 2);
    bc.set(0, new Text.Reader("b"));
    bc.set(1, new Text.Reader("c"));
    org.capnproto.ListList.Builder<
            org.capnproto.ListList.Builder<StructList.Builder<Scalars.Builder>>>
        deep = l.initStructListListList(2);
    org.capnproto.ListList.Builder<StructList.Builder<Scalars.Builder>> first = deep.init(0, 2);
    first.init(0, 1).get(0).setInt16Field((short) 9);
    first.init(1, 0);
    deep.init(1, 0);
    org.capnproto.ListList.Builder<org.capnproto.EnumList.Builder<Color>> enumLists =
        l.initEnumListList(2);
    enumLists.init(0, 1).set(0, Color.BLUE);
    org.capnproto.EnumList.Builder<Color> gr = enumLists.init(1, 2);
    gr.set(0, Color.GREEN);
    gr.set(1, Color.RED);
    assertCanonical(
        message,
        SCHEMA,
        "Lists",
        """
        (voidList = [void, void, void], boolList = [true, false, true],
         int8List = [-1, 2], int16List = [-300, 300], int32List = [-70000, 70000],
         int64List = [-5000000000, 5000000000], uint8List = [255, 1],
         uint16List = [65535], uint32List = [4294967295], uint64List = [18446744073709551615],
         float32List = [1.5, inf, -inf], float64List = [-2.25, nan],
         textList = ["a", "", "ccc"], dataList = [0x"01 02", 0x"ff"],
         enumList = [red, ultraViolet], structList = [(int8Field = 1), (textField = "x")],
         int32ListList = [[1, 2], [], [3]], textListList = [["a"], ["b", "c"]],
         structListListList = [[[(int16Field = 9)], []], []],
         enumListList = [[blue], [green, red]])
        """);
  }

  @Test
  void unionsAndGroupsWriteTheirDiscriminants() {
    MessageBuilder message = new MessageBuilder();
    Shapes.Builder s = message.initRoot(Shapes.factory);
    s.setName("r");
    s.setCircle(2.0); // replaced below: the last member set wins
    Shapes.Rect.Builder rect = s.initRect();
    rect.setWidth(3);
    org.capnproto.EnumList.Builder<Color> gradient = s.getFill().initGradient(2);
    gradient.set(0, Color.RED);
    gradient.set(1, Color.GREEN);
    Shapes.Position.Builder position = s.getPosition();
    position.setX(1);
    position.getAnchor().initGrid().setColumn((short) 5);
    assertEquals(Shapes.Which.RECT, s.which());
    assertEquals(1.5, s.getRect().getHeight(), "initRect resets the group to its defaults");
    assertCanonical(
        message,
        SCHEMA,
        "Shapes",
        """
        (name = "r", rect = (width = 3), fill = (gradient = [red, green]),
         position = (x = 1, anchor = (grid = (column = 5))))
        """);

    MessageBuilder other = new MessageBuilder();
    Shapes.Builder t = other.initRoot(Shapes.factory);
    t.initSquare().setSide(1.25f);
    t.getFill().setSolid(Color.BLUE);
    t.getPosition().getAnchor().setPinned("top");
    assertCanonical(
        other,
        SCHEMA,
        "Shapes",
        "(square = (side = 1.25), fill = (solid = blue), position = (anchor = (pinned = \"top\")))");

    MessageBuilder nothing = new MessageBuilder();
    Shapes.Builder n = nothing.initRoot(Shapes.factory);
    assertEquals(Shapes.Which.CIRCLE, n.which(), "the member with discriminant 0");
    n.setNothing();
    assertEquals(Shapes.Which.NOTHING, n.which());
    assertCanonical(nothing, SCHEMA, "Shapes", "(nothing = void)");
  }

  @Test
  void nestedDeclarationsWriteWhatCapnpExpects() {
    MessageBuilder message = new MessageBuilder();
    Outer.Builder o = message.initRoot(Outer.factory);
    o.initInner().setValue(-5);
    o.getInner().setKind(Outer.Inner.Kind.ONE);
    o.setKind(Outer.Inner.Kind.TWO);
    o.initDeeper().setText("deep");
    assertCanonical(
        message,
        SCHEMA,
        "Outer",
        "(inner = (value = -5, kind = one), kind = two, deeper = (text = \"deep\"))");
    assertThrows(IllegalArgumentException.class, () -> o.setKind(Outer.Inner.Kind._NOT_IN_SCHEMA));
  }

  @Test
  void genericBuildersWriteTheBoundTypes() {
    MessageBuilder message = new MessageBuilder();
    Generics.Builder g = message.initRoot(Generics.factory);
    g.initTextBox().initValue(1); // text of one byte, overwritten below
    g.getTextBox().setValue(new Text.Reader("t"));
    g.initStructBox().initValue().setInt32Field(3);
    PrimitiveList.Int.Builder ints = g.initListBox().initValue(3);
    for (int i = 0; i < 3; i++) {
      ints.set(i, i + 1);
    }
    g.initPair().setKey(new Text.Reader("k"));
    g.getPair().initValue().setValue(new org.capnproto.Data.Reader(new byte[] {(byte) 0xaa}));
    Conformance.Tree.Node.Builder<Text.Builder> root = g.initTree().initRoot();
    root.setValue(new Text.Reader("root"));
    StructList.Builder<Conformance.Tree.Node.Builder<Text.Builder>> children = root.initChildren(2);
    children.get(0).setValue(new Text.Reader("a"));
    children.get(1).setValue(new Text.Reader("b"));
    children.get(1).initChildren(1).get(0).setValue(new Text.Reader("c"));
    StructList.Builder<Conformance.Box.Builder<Text.Builder>> boxes = g.initBoxes(2);
    boxes.get(0).setValue(new Text.Reader("x"));
    boxes.get(1).setValue(new Text.Reader("y"));
    g.initNode().initValue().setBoolField(true);
    assertCanonical(
        message,
        SCHEMA,
        "Generics",
        """
        (textBox = (value = "t"), structBox = (value = (int32Field = 3)),
         listBox = (value = [1, 2, 3]), pair = (key = "k", value = (value = 0x"aa")),
         tree = (root = (value = "root", children = [(value = "a"),
                 (value = "b", children = [(value = "c")])])),
         boxes = [(value = "x"), (value = "y")], node = (value = (boolField = true)))
        """);
  }

  @Test
  void genericSettersCopyValuesFromReaders() {
    MessageBuilder source = new MessageBuilder();
    Conformance.Tree.Node.Builder<Text.Builder> node =
        source.initRoot(Conformance.Tree.Node.newFactory(Text.factory));
    node.setValue(new Text.Reader("copied"));
    node.initChildren(1).get(0).setValue(new Text.Reader("child"));
    Conformance.Tree.Node.Reader<Text.Reader> reader =
        node.asReader(Conformance.Tree.Node.newFactory(Text.factory));

    MessageBuilder message = new MessageBuilder();
    Generics.Builder g = message.initRoot(Generics.factory);
    g.initTree().setRoot(reader);
    assertCanonical(
        message,
        SCHEMA,
        "Generics",
        "(tree = (root = (value = \"copied\", children = [(value = \"child\")])))");
  }

  @Test
  void anyPointerFieldsCarryAnyObjectThroughCapnp() {
    MessageBuilder message = new MessageBuilder();
    Pointers.Builder p = message.initRoot(Pointers.factory);
    Scalars.Builder s = p.initAny().initAs(Scalars.factory);
    s.setInt64Field(77);
    s.setTextField("any");
    p.initAnyInUnion().setAs(Text.factory, new Text.Reader("in union"));
    assertEquals(Pointers.Which.ANY_IN_UNION, p.which());
    byte[] canonical =
        CapnpTool.convert("binary:canonical", CapnpTool.serialize(message), SCHEMA, "Pointers");
    Pointers.Reader back = CapnpTool.readFlat(canonical).getRoot(Pointers.factory);
    assertEquals(77, back.getAny().getAs(Scalars.factory).getInt64Field());
    assertEquals("any", back.getAny().getAs(Scalars.factory).getTextField().toString());
    assertEquals("in union", back.getAnyInUnion().getAs(Text.factory).toString());
    assertTrue(!back.hasCap());
  }

  @Test
  void mangledNamesWriteTheFieldsTheyStandFor() {
    MessageBuilder message = new MessageBuilder();
    Mangling.Keywords.Builder k = message.initRoot(Mangling.Keywords.factory);
    k.setClass(1);
    k.setNew("n");
    k.setDefault(false);
    k.setHashCode((byte) 3);
    k.setInt(1.5f);
    k.setWhich((short) 4);
    k.setInterface(9);
    k.initReader().setValue(1);
    k.initBuilder().setValue(2);
    k.initFactory().initKeywords().setClass(2);
    assertCanonical(
        message,
        "mangling.capnp",
        "Keywords",
        """
        (class = 1, new = "n", default = false, hashCode = 3, int = 1.5, which = 4,
         interface = 9, reader = (value = 1), builder = (value = 2),
         factory = (keywords = (class = 2)))
        """);
  }

  @Test
  void constantsEqualWhatCapnpEvaluates() {
    assertTrue(Conformance.CONST_BOOL);
    assertEquals(-7, Conformance.CONST_INT8);
    assertEquals(-1, Conformance.CONST_UINT16);
    assertEquals(4000000000L, Integer.toUnsignedLong(Conformance.CONST_UINT32));
    assertEquals(-1234567890123L, Conformance.CONST_INT64);
    assertEquals(-1L, Conformance.CONST_UINT64);
    assertEquals(Float.NEGATIVE_INFINITY, Conformance.CONST_FLOAT32);
    assertEquals(6.25e-3, Conformance.CONST_FLOAT64);
    assertEquals("constant \"text\"", Conformance.CONST_TEXT.toString());
    assertArrayEquals(new byte[] {10, 11, 12}, Conformance.CONST_DATA.toArray());
    assertEquals(Color.GREEN, Conformance.CONST_ENUM);
    assertEquals(org.capnproto.Void.VOID, Conformance.CONST_VOID);
    assertEquals(java.util.List.of(10, 20, 30), ConformanceReadTest.ints(Conformance.CONST_LIST));
    assertEquals(
        java.util.List.of("x", "yy"), ConformanceReadTest.texts(Conformance.CONST_TEXT_LIST));
    assertEquals(2.5, Conformance.CONST_STRUCT_LIST.get(1).getFloat64Field());

    MessageBuilder message = new MessageBuilder();
    message.setRoot(Scalars.factory, Conformance.CONST_STRUCT);
    assertArrayEquals(
        CapnpTool.eval("canonical", SCHEMA, "constStruct"),
        CapnpTool.convert("binary:canonical", CapnpTool.serialize(message), SCHEMA, "Scalars"));
    assertEquals(
        200, Byte.toUnsignedInt(Conformance.CONST_STRUCT.getStructField().getUint8Field()));
  }
}
