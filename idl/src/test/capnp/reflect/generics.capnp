# Test schema for corral.idl.reflect: generic structs and interfaces under every kind of brand,
# and doc comments on members.
@0x87e948ed1063baf2;

using Java = import "/capnp/java.capnp";
$Java.package("corral.idl.reflect.testschema");
$Java.outerClassname("GenericSchemas");

struct Box(T) {
  # One value of any pointer type.
  value @0 :T;
  # What the box holds.
}

struct Pair(K, V) {
  key @0 :K;
  value @1 :V;
}

struct Person {
  # Someone with a name.
  name @0 :Text;
  # Given name first.
  age @1 :UInt32;
}

enum Mood {
  # How it went.
  calm @0;
  # Nothing to report.
  tense @1;
}

struct Outer(A) {
  # Passes its parameter on, to other generics, lists, groups, unions and nested types.
  box @0 :Box(A);
  pairs @1 :List(Pair(Text, A));
  inner @2 :Inner;
  bound :group {
    a @3 :A;
    label @4 :Text;
  }
  union {
    none @5 :Void;
    some @6 :A;
  }
  boxed @7 :Box(Box(A));
  explicit @8 :Outer(A).Inner;

  struct Inner {
    a @0 :A;
    next @1 :Inner;
    boxes @2 :List(Box(Inner));
  }
}

struct Holder {
  textBox @0 :Box(Text);
  personBox @1 :Box(Person);
  dataBox @2 :Box(Data);
  listBox @3 :Box(List(List(Text)));
  outer @4 :Outer(Person);
  outerText @5 :Outer(Text);
  unbound @6 :Box;
  anyBox @7 :Box(AnyPointer);
  pair @8 :Pair(Data, List(Person));
  inner @9 :Outer(Data).Inner;
  nested @10 :Box(Outer(Box(Text)));
  moods @11 :Box(List(Mood));
  store @12 :Store(Person);
  cache @13 :Cache(Text);
}

struct PersonEntry {
  # Laid out as Store(Person).put$Params, which capnp cannot name on its command line: the oracle
  # for what reflection builds for that method.
  key @0 :Text;
  value @1 :Person;
}

interface Named {
  # Anything with a name.
  name @0 () -> (name :Text);
  # The name it is known by.
}

interface Store(T) extends(Named) {
  # A store of values, by key.

  put @0 (key :Text, value :T) -> (previous :T);
  # Stores `value` under `key` and returns what was there.

  get @1 (key :Text) -> Box(T);
  # The value under `key`.

  entries @2 () -> (entries :List(Pair(Text, T)));

  identity @3 [U] (u :U, t :T) -> (u :U);
  # A method with a generic parameter of its own.
}

interface Cache(V) extends(Store(V)) {
  # Binds its superclass's parameter to its own.
  evict @0 (key :Text) -> (evicted :V);
}

interface PersonStore extends(Store(Person), Named) {
  # A store of people; Named is reached twice, and counted once.
  count @0 () -> (count :UInt32);
  name @1 () -> (name :Text, nickname :Text);
  # Hides Named.name.
}
