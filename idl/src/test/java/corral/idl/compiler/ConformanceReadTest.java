package corral.idl.compiler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.idl.compiler.CapnpTool.Encoding;
import corral.idl.conformance.Conformance;
import corral.idl.conformance.Conformance.Color;
import corral.idl.conformance.Conformance.Defaults;
import corral.idl.conformance.Conformance.Generics;
import corral.idl.conformance.Conformance.Lists;
import corral.idl.conformance.Conformance.Outer;
import corral.idl.conformance.Conformance.Scalars;
import corral.idl.conformance.Conformance.Shapes;
import corral.idl.conformance.Mangling;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.capnproto.ListList;
import org.capnproto.PrimitiveList;
import org.capnproto.StructList;
import org.capnproto.Text;
import org.capnproto.TextList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Messages written by the reference implementation ({@code capnp convert text:binary}, also with
 * one-word segments so that every pointer is a far pointer, and {@code text:packed}) read back
 * through the generated readers, field by field, defaults included.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConformanceReadTest {
  static final String SCHEMA = "conformance.capnp";

  static final String SCALARS =
      """
      (voidField = void, boolField = true, int8Field = -128, int16Field = -32768,
       int32Field = -2147483648, int64Field = -9223372036854775808, uint8Field = 255,
       uint16Field = 65535, uint32Field = 4294967295, uint64Field = 18446744073709551615,
       float32Field = -1.5, float64Field = 3.25e100, textField = "héllo\\n", dataField = 0x"00 ff 10",
       enumField = ultraViolet, structField = (int32Field = 5, textField = "inner"),
       importedField = (name = "imp"))
      """;

  @ParameterizedTest
  @EnumSource(Encoding.class)
  void everyPrimitiveFieldReadsWhatCapnpWrote(Encoding encoding) {
    Scalars.Reader s = encoding.encode(SCALARS, SCHEMA, "Scalars").getRoot(Scalars.factory);
    assertEquals(org.capnproto.Void.VOID, s.getVoidField());
    assertTrue(s.getBoolField());
    assertEquals(Byte.MIN_VALUE, s.getInt8Field());
    assertEquals(Short.MIN_VALUE, s.getInt16Field());
    assertEquals(Integer.MIN_VALUE, s.getInt32Field());
    assertEquals(Long.MIN_VALUE, s.getInt64Field());
    assertEquals(255, Byte.toUnsignedInt(s.getUint8Field()));
    assertEquals(65535, Short.toUnsignedInt(s.getUint16Field()));
    assertEquals(4294967295L, Integer.toUnsignedLong(s.getUint32Field()));
    assertEquals("18446744073709551615", Long.toUnsignedString(s.getUint64Field()));
    assertEquals(-1.5f, s.getFloat32Field());
    assertEquals(3.25e100, s.getFloat64Field());
    assertEquals("héllo\n", s.getTextField().toString());
    assertArrayEquals(new byte[] {0, (byte) 0xff, 0x10}, s.getDataField().toArray());
    assertEquals(Color.ULTRA_VIOLET, s.getEnumField());
    assertTrue(s.hasStructField());
    assertEquals(5, s.getStructField().getInt32Field());
    assertEquals("inner", s.getStructField().getTextField().toString());
    assertFalse(s.getStructField().hasStructField());
    assertFalse(s.hasAnyField());
    assertEquals(42, s.getImportedField().getId(), "default of a field in an imported file");
    assertEquals("imp", s.getImportedField().getName().toString());
  }

  @ParameterizedTest
  @EnumSource(Encoding.class)
  void unsetFieldsReadTheirSchemaDefaults(Encoding encoding) {
    assertDefaults(encoding.encode("()", SCHEMA, "Defaults").getRoot(Defaults.factory));
  }

  /** Every default of {@code Defaults}, as the schema declares it. */
  static void assertDefaults(Defaults.Reader d) {
    assertTrue(d.getBoolTrue());
    assertFalse(d.getBoolFalse());
    assertEquals(-128, d.getInt8Min());
    assertEquals(-12345, d.getInt16Neg());
    assertEquals(-123456789, d.getInt32Neg());
    assertEquals(Long.MIN_VALUE, d.getInt64Min());
    assertEquals(-1, d.getUint8Max());
    assertEquals(-1, d.getUint16Max());
    assertEquals(-1, d.getUint32Max());
    assertEquals(-1L, d.getUint64Max());
    assertEquals(1234.5f, d.getFloat32Value());
    assertEquals(-1.25e-10f, d.getFloat32Neg());
    assertEquals(Float.POSITIVE_INFINITY, d.getFloat32Inf());
    assertEquals(Float.NEGATIVE_INFINITY, d.getFloat32NegInf());
    assertTrue(Float.isNaN(d.getFloat32Nan()));
    assertEquals(-123e45, d.getFloat64Value());
    assertEquals(Double.POSITIVE_INFINITY, d.getFloat64Inf());
    assertTrue(Double.isNaN(d.getFloat64Nan()));
    assertEquals(
        Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(d.getFloat64NegZero()));
    assertFalse(d.hasTextValue());
    assertEquals("bar \"quoted\"\n\ttabbed, ünïcödé", d.getTextValue().toString());
    assertArrayEquals(
        new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, 0, 1},
        d.getDataValue().toArray());
    assertEquals(Color.BLUE, d.getEnumValue());
    Scalars.Reader s = d.getStructValue();
    assertEquals(7, s.getInt32Field());
    assertEquals("nested", s.getTextField().toString());
    assertEquals(Color.GREEN, s.getEnumField());
    assertTrue(s.getStructField().getBoolField());
    assertEquals(List.of(1, -2, 3), ints(d.getInt32List()));
    assertEquals(List.of("a", "", "ccc"), texts(d.getTextList()));
    assertEquals(2, d.getStructList().size());
    assertEquals(1, d.getStructList().get(0).getInt8Field());
    assertEquals("two", d.getStructList().get(1).getTextField().toString());
    assertEquals(Color.ULTRA_VIOLET, d.getEnumList().get(0));
    assertEquals(Color.RED, d.getEnumList().get(1));
    List<Boolean> bools = new ArrayList<>();
    for (int i = 0; i < d.getBoolList().size(); i++) {
      bools.add(d.getBoolList().get(i));
    }
    assertEquals(List.of(true, false, true, true, false, false, false, false, true), bools);
    PrimitiveList.Double.Reader f = d.getFloat64List();
    assertEquals(7777.75, f.get(0));
    assertEquals(Double.POSITIVE_INFINITY, f.get(1));
    assertEquals(Double.NEGATIVE_INFINITY, f.get(2));
    assertTrue(Double.isNaN(f.get(3)));
    ListList.Reader<PrimitiveList.Short.Reader> ll = d.getListList();
    assertEquals(3, ll.size());
    assertEquals(2, ll.get(0).get(1));
    assertEquals(0, ll.get(1).size());
    assertEquals(-3, ll.get(2).get(0));
    assertArrayEquals(new byte[] {2, 3}, d.getDataList().get(1).toArray());
    assertEquals("", d.getEmptyText().toString());
  }

  @ParameterizedTest
  @EnumSource(Encoding.class)
  void setFieldsOverrideNonZeroDefaults(Encoding encoding) {
    Defaults.Reader d =
        encoding
            .encode(
                """
                (boolTrue = false, int8Min = 0, uint64Max = 0, float32Nan = 0, float64Inf = 1.5,
                 textValue = "set", enumValue = red, structValue = (), int32List = [],
                 float64NegZero = 0)
                """,
                SCHEMA,
                "Defaults")
            .getRoot(Defaults.factory);
    assertFalse(d.getBoolTrue());
    assertEquals(0, d.getInt8Min());
    assertEquals(0L, d.getUint64Max());
    assertEquals(0.0f, d.getFloat32Nan());
    assertEquals(1.5, d.getFloat64Inf());
    assertEquals(0L, Double.doubleToRawLongBits(d.getFloat64NegZero()));
    assertEquals("set", d.getTextValue().toString());
    assertEquals(Color.RED, d.getEnumValue());
    assertEquals(0, d.getStructValue().getInt32Field());
    assertEquals(0, d.getInt32List().size());
    assertEquals(-12345, d.getInt16Neg(), "an unset neighbour keeps its default");
  }

  @ParameterizedTest
  @EnumSource(Encoding.class)
  void listsOfEveryKindReadBack(Encoding encoding) {
    Lists.Reader l =
        encoding
            .encode(
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
                """,
                SCHEMA,
                "Lists")
            .getRoot(Lists.factory);
    assertEquals(3, l.getVoidList().size());
    assertTrue(l.getBoolList().get(0));
    assertFalse(l.getBoolList().get(1));
    assertEquals(-1, l.getInt8List().get(0));
    assertEquals(-300, l.getInt16List().get(0));
    assertEquals(70000, l.getInt32List().get(1));
    assertEquals(-5000000000L, l.getInt64List().get(0));
    assertEquals(255, Byte.toUnsignedInt(l.getUint8List().get(0)));
    assertEquals(65535, Short.toUnsignedInt(l.getUint16List().get(0)));
    assertEquals(-1, l.getUint32List().get(0));
    assertEquals(-1L, l.getUint64List().get(0));
    assertEquals(Float.POSITIVE_INFINITY, l.getFloat32List().get(1));
    assertTrue(Double.isNaN(l.getFloat64List().get(1)));
    assertEquals(List.of("a", "", "ccc"), texts(l.getTextList()));
    assertArrayEquals(new byte[] {1, 2}, l.getDataList().get(0).toArray());
    assertEquals(Color.ULTRA_VIOLET, l.getEnumList().get(1));
    assertEquals("x", l.getStructList().get(1).getTextField().toString());
    assertEquals(List.of(3), ints(l.getInt32ListList().get(2)));
    assertEquals(List.of("b", "c"), texts(l.getTextListList().get(1)));
    StructList.Reader<Scalars.Reader> innermost = l.getStructListListList().get(0).get(0);
    assertEquals(9, innermost.get(0).getInt16Field());
    assertEquals(0, l.getStructListListList().get(0).get(1).size());
    assertEquals(0, l.getStructListListList().get(1).size());
    assertEquals(Color.RED, l.getEnumListList().get(1).get(1));
  }

  @ParameterizedTest
  @EnumSource(Encoding.class)
  void unnamedAndNamedUnionsAndGroupsReadBack(Encoding encoding) {
    Shapes.Reader rect =
        encoding
            .encode(
                """
                (name = "r", rect = (width = 3), fill = (gradient = [red, green]),
                 position = (x = 1, anchor = (grid = (column = 5))))
                """,
                SCHEMA,
                "Shapes")
            .getRoot(Shapes.factory);
    assertEquals(Shapes.Which.RECT, rect.which());
    assertTrue(rect.isRect());
    assertFalse(rect.isCircle());
    assertEquals(3.0, rect.getRect().getWidth());
    assertEquals(1.5, rect.getRect().getHeight(), "default inside a group in a union");
    assertEquals(Shapes.Fill.Which.GRADIENT, rect.getFill().which());
    assertEquals(Color.GREEN, rect.getFill().getGradient().get(1));
    assertEquals(1, rect.getPosition().getX());
    assertEquals(-1, rect.getPosition().getY());
    assertEquals(Shapes.Position.Anchor.Which.GRID, rect.getPosition().getAnchor().which());
    assertEquals(5, rect.getPosition().getAnchor().getGrid().getColumn());
    assertEquals(3, rect.getPosition().getAnchor().getGrid().getRow());

    Shapes.Reader circle =
        encoding
            .encode(
                "(circle = 2.5, fill = (solid = blue), position = (anchor = (pinned = \"top\")))",
                SCHEMA,
                "Shapes")
            .getRoot(Shapes.factory);
    assertEquals(Shapes.Which.CIRCLE, circle.which());
    assertEquals(2.5, circle.getCircle());
    assertEquals(Color.BLUE, circle.getFill().getSolid());
    assertEquals("top", circle.getPosition().getAnchor().getPinned().toString());

    Shapes.Reader square =
        encoding.encode("(square = (side = 1.25))", SCHEMA, "Shapes").getRoot(Shapes.factory);
    assertEquals(Shapes.Which.SQUARE, square.which());
    assertEquals(1.25f, square.getSquare().getSide());
    assertEquals(Shapes.Fill.Which.NONE, square.getFill().which());
    assertEquals(Shapes.Position.Anchor.Which.FREE, square.getPosition().getAnchor().which());

    Shapes.Reader label =
        encoding.encode("(label = \"l\")", SCHEMA, "Shapes").getRoot(Shapes.factory);
    assertEquals(Shapes.Which.LABEL, label.which());
    assertEquals("l", label.getLabel().toString());
  }

  @ParameterizedTest
  @EnumSource(Encoding.class)
  void nestedDeclarationsReadBack(Encoding encoding) {
    Outer.Reader o =
        encoding
            .encode(
                "(inner = (value = -5), kind = two, deeper = (text = \"deep\"))", SCHEMA, "Outer")
            .getRoot(Outer.factory);
    assertEquals(-5, o.getInner().getValue());
    assertEquals(Outer.Inner.Kind.TWO, o.getInner().getKind(), "nested enum default");
    assertEquals(Outer.Inner.Kind.TWO, o.getKind());
    assertEquals("deep", o.getDeeper().getText().toString());
    assertEquals(99, Outer.Inner.INNER_CONST);
  }

  @ParameterizedTest
  @EnumSource(Encoding.class)
  void brandsBindTextStructsListsAndGenericTypes(Encoding encoding) {
    Generics.Reader g =
        encoding
            .encode(
                """
                (textBox = (value = "t"), structBox = (value = (int32Field = 3)),
                 listBox = (value = [1, 2, 3]), pair = (key = "k", value = (value = 0x"aa")),
                 tree = (root = (value = "root", children = [(value = "a"),
                         (value = "b", children = [(value = "c")])])),
                 boxes = [(value = "x"), (value = "y")], node = (value = (boolField = true)))
                """,
                SCHEMA,
                "Generics")
            .getRoot(Generics.factory);
    Text.Reader text = g.getTextBox().getValue();
    assertEquals("t", text.toString());
    assertEquals(3, g.getStructBox().getValue().getInt32Field());
    assertEquals(List.of(1, 2, 3), ints(g.getListBox().getValue()));
    assertEquals("k", g.getPair().getKey().toString());
    assertArrayEquals(new byte[] {(byte) 0xaa}, g.getPair().getValue().getValue().toArray());
    Conformance.Tree.Node.Reader<Text.Reader> root = g.getTree().getRoot();
    assertEquals("root", root.getValue().toString());
    assertEquals("c", root.getChildren().get(1).getChildren().get(0).getValue().toString());
    assertEquals("y", g.getBoxes().get(1).getValue().toString());
    assertTrue(g.getNode().getValue().getBoolField());
  }

  @ParameterizedTest
  @EnumSource(Encoding.class)
  void mangledNamesReadTheFieldsTheyStandFor(Encoding encoding) {
    Mangling.Keywords.Reader k =
        encoding
            .encode(
                """
                (class = 1, new = "n", default = false, hashCode = 3, int = 1.5, which = 4,
                 interface = 9, reader = (value = 1), builder = (value = 2),
                 factory = (keywords = (class = 2)))
                """,
                "mangling.capnp",
                "Keywords")
            .getRoot(Mangling.Keywords.factory);
    assertEquals(1, k.getClass_());
    assertEquals("n", k.getNew().toString());
    assertFalse(k.getDefault());
    assertEquals(3, k.getHashCode());
    assertEquals(1.5f, k.getInt());
    assertEquals(4, k.getWhich());
    assertEquals(Mangling.Keywords.Which.INTERFACE, k.which());
    assertEquals(9, k.getInterface());
    assertEquals(1, k.getReader().getValue());
    assertEquals(2, k.getBuilder().getValue());
    assertEquals(Mangling.Keywords.Which_.A, k.getWhichEnum());
    assertEquals(2, k.getFactory().getKeywords().getClass_());
    assertEquals(1, Mangling.Keywords.TYPE_ID_);
    assertEquals(2, Mangling.Keywords.STRUCT_SIZE_);
    assertEquals(
        Mangling.Words.VALUES,
        encoding
            .encode("()", "mangling.capnp", "Group")
            .getRoot(Mangling.Group.factory)
            .getWords());
  }

  @Test
  void farPointersAreWhatTheMultiSegmentEncodingProduces() {
    byte[] oneSegment = CapnpTool.convertText("text:binary", SCALARS, SCHEMA, "Scalars");
    byte[] multi =
        CapnpTool.convertText("text:binary", SCALARS, SCHEMA, "Scalars", "--segment-size=1");
    int segments =
        java.nio.ByteBuffer.wrap(multi).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(0) + 1;
    assertEquals(
        1,
        java.nio.ByteBuffer.wrap(oneSegment).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(0) + 1);
    assertTrue(segments > 5, "expected many segments, got " + segments);
  }

  static List<Integer> ints(PrimitiveList.Int.Reader list) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      out.add(list.get(i));
    }
    return out;
  }

  static List<String> texts(TextList.Reader list) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      out.add(list.get(i).toString());
    }
    return out;
  }
}
