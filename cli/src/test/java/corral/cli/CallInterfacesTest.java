package corral.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.idl.reflect.SchemaRegistry;
import corral.runtime.cap.Capability;
import corral.runtime.cap.Grant;
import corral.runtime.rpc.test.RpcTest;
import corral.runtime.rpc.test.RpcTest.Adder;
import corral.runtime.rpc.test.RpcTest.Counter;
import corral.runtime.rpc.test.RpcTest.Named;
import corral.runtime.rpc.test.RpcTest.TestService;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which of a cap's interfaces {@code corral call} calls a method on. */
class CallInterfacesTest {
  final SchemaRegistry registry = new SchemaRegistry().addGenerated(RpcTest.class);

  static Capability grants(long... interfaceIds) {
    List<Grant> grants = new java.util.ArrayList<>();
    for (long id : interfaceIds) {
      grants.add(Grant.of(id, 0));
    }
    return Capability.mint(new byte[32], 7, 1, grants);
  }

  String chosen(Capability cap, String method, String iface) {
    return CallCommand.Interfaces.choose(registry, cap, method, iface, List.of()).name();
  }

  @Test
  void theGrantedInterfaceThatHasTheMethodIsChosen() {
    Capability cap = grants(TestService.TYPE_ID, Named.TYPE_ID);

    assertEquals("TestService", chosen(cap, "getAdder", null));
    assertEquals("Named", chosen(cap, "name", null));
  }

  @Test
  void anInterfaceInheritingTheMethodFromAnotherGrantedOneWins() {
    assertEquals("Counter", chosen(grants(Adder.TYPE_ID, Counter.TYPE_ID), "add", null));
  }

  @Test
  void unrelatedInterfacesWithTheMethodNeedInterface() {
    Capability cap = grants(TestService.TYPE_ID, Adder.TYPE_ID);

    Corral.BadInput e = assertThrows(Corral.BadInput.class, () -> chosen(cap, "add", null));
    assertEquals(
        "method 'add' is in several interfaces the cap grants (TestService, Adder);"
            + " choose one with --interface NAME",
        e.getMessage());
    assertEquals("Adder", chosen(cap, "add", "Adder"));
  }

  @Test
  void anInterfaceNoSchemaKnowsIsNamedWithTheSchemasGiven() {
    Capability cap = grants(0x1234L);

    Corral.BadInput e =
        assertThrows(
            Corral.BadInput.class,
            () ->
                CallCommand.Interfaces.choose(
                    registry, cap, "add", null, List.of(Path.of("disk.capnp"))));
    assertEquals(
        "the cap grants interface 0x0000000000001234, which no schema in [disk.capnp] declares;"
            + " give the schema with --schema FILE.capnp (or the driver's jar)",
        e.getMessage());
  }

  @Test
  void anUnknownInterfaceNameIsRefused() {
    Corral.BadInput e =
        assertThrows(
            Corral.BadInput.class, () -> chosen(grants(Adder.TYPE_ID), "add", "Subtractor"));
    assertTrue(
        e.getMessage()
            .matches(
                "--interface Subtractor: no interface named 'Subtractor' among \\d+ known schema"
                    + " nodes"),
        e.getMessage());
  }
}
