package corral.naming.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import corral.naming.Alias;
import corral.naming.AliasLoop;
import corral.naming.NameEvent;
import corral.naming.NamePath;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Loops a store never makes itself (it refuses them) can still arrive — two ZooKeeper kernels
 * racing to alias each other's names — so resolving reports them.
 */
class ResolverTest {
  @Test
  void aLoopInTheTreeIsReportedWithItsChain() {
    NameTree tree = new NameTree();
    NamePath a = NamePath.parse("/a");
    NamePath b = NamePath.parse("/b");
    tree.applyAll(
        List.of(
            new NameEvent(1, NameEvent.Kind.BOUND, a, Optional.of(new Alias(b))),
            new NameEvent(2, NameEvent.Kind.BOUND, b, Optional.of(new Alias(a)))),
        () -> {});
    AliasLoop loop = assertInstanceOf(AliasLoop.class, tree.lookup(NamePath.parse("/a/x")));
    assertEquals("/a/x: alias loop /a/x -> /b/x -> /a/x", loop.message());
  }
}
