@0xc20d00bce9db4651;

struct Box(T) {
  value @0 :T;
}

interface Service {
  ping @0 ();
}

struct Holder {
  # A generic parameter bound to an interface is supported (a typed client in rpc mode).
  boxed @0 :Box(Service);
  # A list of untyped lists is not: org.capnproto has no list of them.
  lists @1 :List(AnyList);
}
