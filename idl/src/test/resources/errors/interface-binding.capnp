@0xe20d00bce9db4653;

struct Box(T) {
  value @0 :T;
}

interface Service {
  ping @0 ();
}

struct Holder {
  boxed @0 :Box(Service);
}
