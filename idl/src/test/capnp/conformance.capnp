# The conformance schema: every feature of the schema language that capnpc-corral translates,
# checked against the reference `capnp` tool in both directions by ConformanceTest.
@0xb6f6138433bc4b4b;

using Java = import "/capnp/java.capnp";
using Other = import "conformance-imported.capnp";
$Java.package("corral.idl.conformance");
$Java.outerClassname("Conformance");

enum Color {
  # A colour, to exercise enums in fields, lists, defaults and constants.
  red @0;
  green @1;
  blue @2;
  ultraViolet @3;  # two words: becomes ULTRA_VIOLET
}

struct Scalars {
  # Every primitive type, no defaults.
  voidField @0 :Void;
  boolField @1 :Bool;
  int8Field @2 :Int8;
  int16Field @3 :Int16;
  int32Field @4 :Int32;
  int64Field @5 :Int64;
  uint8Field @6 :UInt8;
  uint16Field @7 :UInt16;
  uint32Field @8 :UInt32;
  uint64Field @9 :UInt64;
  float32Field @10 :Float32;
  float64Field @11 :Float64;
  textField @12 :Text;
  dataField @13 :Data;
  enumField @14 :Color;
  structField @15 :Scalars;
  anyField @16 :AnyPointer;
  importedField @17 :Other.Imported;
}

struct Defaults {
  # Every primitive type with a default, including the awkward ones.
  boolTrue @0 :Bool = true;
  boolFalse @1 :Bool = false;
  int8Min @2 :Int8 = -128;
  int16Neg @3 :Int16 = -12345;
  int32Neg @4 :Int32 = -123456789;
  int64Min @5 :Int64 = -9223372036854775808;
  uint8Max @6 :UInt8 = 255;
  uint16Max @7 :UInt16 = 65535;
  uint32Max @8 :UInt32 = 4294967295;
  uint64Max @9 :UInt64 = 18446744073709551615;
  float32Value @10 :Float32 = 1234.5;
  float32Neg @11 :Float32 = -1.25e-10;
  float32Inf @12 :Float32 = inf;
  float32NegInf @13 :Float32 = -inf;
  float32Nan @14 :Float32 = nan;
  float64Value @15 :Float64 = -123e45;
  float64Inf @16 :Float64 = inf;
  float64Nan @17 :Float64 = nan;
  float64NegZero @18 :Float64 = -0.0;
  textValue @19 :Text = "bar \"quoted\"\n\ttabbed, ünïcödé";
  dataValue @20 :Data = 0x"de ad be ef 00 01";
  enumValue @21 :Color = blue;
  structValue @22 :Scalars = (int32Field = 7, textField = "nested", enumField = green,
                              structField = (boolField = true));
  int32List @23 :List(Int32) = [1, -2, 3];
  textList @24 :List(Text) = ["a", "", "ccc"];
  structList @25 :List(Scalars) = [(int8Field = 1), (textField = "two")];
  enumList @26 :List(Color) = [ultraViolet, red];
  boolList @27 :List(Bool) = [true, false, true, true, false, false, false, false, true];
  float64List @28 :List(Float64) = [7777.75, inf, -inf, nan];
  listList @29 :List(List(Int16)) = [[1, 2], [], [-3]];
  dataList @30 :List(Data) = [0x"01", 0x"02 03"];
  emptyText @31 :Text = "";
}

struct Lists {
  # Lists of every element kind.
  voidList @0 :List(Void);
  boolList @1 :List(Bool);
  int8List @2 :List(Int8);
  int16List @3 :List(Int16);
  int32List @4 :List(Int32);
  int64List @5 :List(Int64);
  uint8List @6 :List(UInt8);
  uint16List @7 :List(UInt16);
  uint32List @8 :List(UInt32);
  uint64List @9 :List(UInt64);
  float32List @10 :List(Float32);
  float64List @11 :List(Float64);
  textList @12 :List(Text);
  dataList @13 :List(Data);
  enumList @14 :List(Color);
  structList @15 :List(Scalars);
  int32ListList @16 :List(List(Int32));
  textListList @17 :List(List(Text));
  structListListList @18 :List(List(List(Scalars)));
  enumListList @19 :List(List(Color));
}

struct Shapes {
  # Unions, named and unnamed, and groups.
  name @0 :Text;
  union {
    # The unnamed union.
    circle @1 :Float64;
    square @2 :Group0;
    nothing @3 :Void;
    rect :group {
      # A group inside the union.
      width @4 :Float64;
      height @5 :Float64 = 1.5;
    }
    label @6 :Text;
  }
  fill :union {
    # A named union.
    none @7 :Void;
    solid @8 :Color;
    gradient @9 :List(Color);
  }
  position :group {
    # A group with a union inside.
    x @10 :Int32;
    y @11 :Int32 = -1;
    anchor :union {
      free @12 :Void;
      pinned @13 :Text;
      grid :group {
        column @14 :UInt16;
        row @15 :UInt16 = 3;
      }
    }
  }
  struct Group0 {
    side @0 :Float32;
  }
}

struct Outer {
  # Nested declarations.
  inner @0 :Inner;
  kind @1 :Inner.Kind;

  struct Inner {
    value @0 :Int64;
    kind @1 :Kind = two;

    enum Kind {
      one @0;
      two @1;
    }

    struct Deeper {
      text @0 :Text;
    }
    const innerConst :Int32 = 99;
  }
  deeper @2 :Inner.Deeper;
}

struct Box(T) {
  # A generic struct.
  value @0 :T;
}

struct Pair(K, V) {
  key @0 :K;
  value @1 :V;
}

struct Tree(T) {
  # Nested generics: Tree(T).Node sees T.
  root @0 :Node;
  struct Node {
    value @0 :T;
    children @1 :List(Node);
  }
}

struct Defaulted(T) {
  # Defaults on fields whose type depends on a type parameter.
  box @0 :Box(T) = ();
  boxes @1 :List(Box(T)) = [(), ()];
}

struct Generics {
  # Brands binding Text, structs, lists, and generic types.
  textBox @0 :Box(Text);
  structBox @1 :Box(Scalars);
  listBox @2 :Box(List(Int32));
  pair @3 :Pair(Text, Box(Data));
  tree @4 :Tree(Text);
  anyBox @5 :Box;
  boxes @6 :List(Box(Text));
  node @7 :Tree(Scalars).Node;
}

struct Pointers {
  # AnyPointer and capabilities.
  any @0 :AnyPointer;
  cap @1 :Service;
  union {
    nothing @2 :Void;
    anyInUnion @3 :AnyPointer;
  }
}

interface Service {
  # An interface: only metadata until the RPC issue lands.
  ping @0 (count :UInt32) -> (echo :Text);
}

const constBool :Bool = true;
const constInt8 :Int8 = -7;
const constUint16 :UInt16 = 65535;
const constUint32 :UInt32 = 4000000000;
const constInt64 :Int64 = -1234567890123;
const constUint64 :UInt64 = 18446744073709551615;
const constFloat32 :Float32 = -inf;
const constFloat64 :Float64 = 6.25e-3;
const constText :Text = "constant \"text\"";
const constData :Data = 0x"0a 0b 0c";
const constEnum :Color = green;
# A struct constant.
const constStruct :Scalars = (int16Field = -2, textField = "const", structField = (uint8Field = 200));
const constList :List(Int32) = [10, 20, 30];
const constTextList :List(Text) = ["x", "yy"];
const constStructList :List(Scalars) = [(boolField = true), (float64Field = 2.5)];
const constVoid :Void = void;

struct Capabilities {
  # Capabilities without rpc mode: Capability reads as an AnyPointer, List(Capability) has
  # hasCaps / clearCaps only, like a list of any interface.
  cap @0 :Capability;
  caps @1 :List(Capability);
}
