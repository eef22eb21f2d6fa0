# Test schema for corral.idl.reflect: every kind of field the text format can show.
@0xd6b9f0c4a1e2b3c5;

using Java = import "/capnp/java.capnp";
$Java.package("corral.idl.reflect.testschema");
$Java.outerClassname("Everything");

enum Color {
  red @0;
  green @1;
  blue @2;
}

struct Point {
  x @0 :Int32;
  y @1 :Int32;
}

interface Echo {
  echo @0 (text :Text) -> (text :Text);
}

struct Everything {
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
  structField @14 :Point;
  enumField @15 :Color;
  anyField @16 :AnyPointer;
  capField @17 :Echo;

  voidList @18 :List(Void);
  boolList @19 :List(Bool);
  int8List @20 :List(Int8);
  int16List @21 :List(Int16);
  int32List @22 :List(Int32);
  int64List @23 :List(Int64);
  uint8List @24 :List(UInt8);
  uint16List @25 :List(UInt16);
  uint32List @26 :List(UInt32);
  uint64List @27 :List(UInt64);
  float32List @28 :List(Float32);
  float64List @29 :List(Float64);
  textList @30 :List(Text);
  dataList @31 :List(Data);
  structList @32 :List(Point);
  enumList @33 :List(Color);
  listList @34 :List(List(Int32));
  textListList @35 :List(List(Text));

  union {
    none @36 :Void;
    count @37 :UInt32;
    label @38 :Text;
    where @39 :Point;
    both :group {
      left @40 :Int16;
      right @41 :Text;
    }
  }

  shape :union {
    circle @42 :Float64;
    square @43 :Float64;
    nothing @44 :Void;
  }

  header :group {
    version @45 :UInt16;
    name @46 :Text;
    tags @47 :List(Text);
  }

  nested @48 :Everything;
}

struct Defaults {
  flag @0 :Bool = true;
  small @1 :Int8 = -7;
  big @2 :UInt64 = 0xffffffffffffffff;
  ratio @3 :Float32 = 1.5;
  precise @4 :Float64 = -2.25e100;
  name @5 :Text = "anonymous";
  blob @6 :Data = 0x"de ad be ef";
  origin @7 :Point = (x = 3, y = -4);
  color @8 :Color = green;
  primes @9 :List(UInt16) = [2, 3, 5, 7];
  words @10 :List(Text) = ["a", "b"];
  count @11 :UInt32 = 42;
}

struct Person {
  name @0 :Text;
  age @1 :UInt32;
  email @2 :Text;
  phones @3 :List(Phone);
  favorite @4 :Color;

  struct Phone {
    number @0 :Text;
    kind @1 :Kind;
    enum Kind {
      mobile @0;
      home @1;
      work @2;
    }
  }

  employment :union {
    unemployed @5 :Void;
    employer @6 :Text;
    school @7 :Text;
    selfEmployed @8 :Void;
  }
}
