package corral.runtime.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.runtime.rpc.lint.RpcLint.Base;
import corral.runtime.rpc.lint.RpcLint.Derived;
import corral.runtime.rpc.lint.RpcLint.Holder;
import corral.runtime.rpc.lint.RpcLint.Maker;
import corral.runtime.rpc.lint.RpcLint.Other;
import corral.runtime.rpc.lint.RpcLint.Registry;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The names rpc mode mangles (idl/README.md, "Name mangling"), pinned by {@code
 * lint/rpclint.capnp}: nested types named like the generated {@code Client}, {@code Server} and
 * {@code Pipeline} get a trailing {@code _}, and methods whose Java names an earlier method of the
 * class took get one more {@code _} each, in a fixed order — and each name still reaches its own
 * schema method.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RpcNameManglingTest {

  @Test
  void nestedTypesNamedLikeGeneratedClassesGetATrailingUnderscore() {
    assertEquals("Client_", Derived.Client_.class.getSimpleName());
    assertEquals("Server_", Derived.Server_.class.getSimpleName());
    assertEquals("Pipeline_", Derived.Pipeline_.class.getSimpleName());
    assertEquals(Derived.Pipeline_.SLOW, Derived.Pipeline_.values()[1]);
    assertEquals("Pipeline_", Holder.Pipeline_.class.getSimpleName());
    assertEquals(
        corral.runtime.rpc.Client.class, Derived.Client.class.getSuperclass().getSuperclass());
    assertTrue(corral.runtime.rpc.Pipeline.class.isAssignableFrom(Holder.Pipeline.class));
  }

  @Test
  void methodsNamedLikeTheGeneratedListsHaveOrdinalConstantsWithATrailingUnderscore() {
    assertEquals(0, Registry.METHOD_NAMES_);
    assertEquals(1, Registry.METHOD_STRUCTS_);
    assertEquals(java.util.List.of("names", "structs"), Registry.METHOD_NAMES);
    assertEquals(2, Registry.METHOD_STRUCTS.size());
  }

  @Test
  void clashingMethodNamesGetTrailingUnderscoresInDeclarationOrder() {
    Set<String> pings =
        Arrays.stream(Derived.Client.class.getMethods())
            .map(java.lang.reflect.Method::getName)
            .filter(n -> n.startsWith("ping"))
            .collect(Collectors.toSet());
    assertEquals(Set.of("ping", "ping_", "ping__"), pings);
  }

  @Test
  void eachMangledNameCallsItsOwnSchemaMethod() {
    Derived.Server server =
        new Derived.Server() {
          @Override
          protected void ping(Base.PingParams.Reader p, Base.PingResults.Builder r) {
            r.setValue(1);
          }

          @Override
          protected void ping_(Derived.PingParams.Reader p, Derived.PingResults.Builder r) {
            r.setValue(p.getLabel().toString().length());
          }

          @Override
          protected void ping__(Other.PingParams.Reader p, Other.PingResults.Builder r) {
            r.setValue(p.getTimes());
          }
        };
    try (Derived.Client d = Derived.Client.of(server)) {
      assertEquals(1, value(d.ping()));
      assertEquals(5, value(d.ping_(p -> p.setLabel("hello"))));
      assertEquals(7, value(d.ping__(p -> p.setTimes((byte) 7))));
    }
  }

  @Test
  void aMethodNamedLikeAClientMemberHasNoNoArgumentOverload() {
    boolean noArgClose =
        Arrays.stream(Maker.Client.class.getMethods())
            .anyMatch(
                m ->
                    m.getName().equals("close")
                        && m.getParameterCount() == 0
                        && m.getReturnType() != void.class);
    assertFalse(noArgClose, "close() must stay AutoCloseable.close()");
    Consumer<Maker.CloseParams.Builder> none = p -> {};
    try (Maker.Client m = Maker.Client.of(new Maker.Server() {})) {
      var e =
          org.junit.jupiter.api.Assertions.assertThrows(
              RpcException.class, () -> m.close(none).join());
      assertEquals(RpcException.Kind.UNIMPLEMENTED, e.kind());
    }
  }

  private static int value(corral.runtime.rpc.Pipeline<?> pipeline) {
    try (var r = pipeline) {
      Object reader = r.join();
      return switch (reader) {
        case Base.PingResults.Reader b -> b.getValue();
        case Derived.PingResults.Reader d -> d.getValue();
        case Other.PingResults.Reader o -> o.getValue();
        default -> throw new AssertionError(reader);
      };
    }
  }
}
