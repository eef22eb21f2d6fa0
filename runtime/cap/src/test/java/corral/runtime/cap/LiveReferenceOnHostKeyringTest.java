package corral.runtime.cap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.runtime.cap.keyring.HostKeyring;
import corral.runtime.rpc.RpcException;
import corral.runtime.rpc.test.RpcTest.TestService;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every test of {@link LiveReferenceTest}, with the server's {@link GatingRestorer} running on a
 * {@link HostKeyring} attached to the authority — as in a driver host — instead of on the
 * authority: the host's {@link GateSet} hears of revocations only through the keyring. Plus what
 * only a keyring does: caps minted after a rotation restore once the new secret has reached it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LiveReferenceOnHostKeyringTest extends LiveReferenceTest {
  HostKeyring keyring;

  @Override
  CapabilityVerifier verifier() {
    keyring = new HostKeyring(clock, authority.audit());
    keyring.addRevocationListener(gates);
    closeLater.add(authority.attachHost(instance, keyring));
    return keyring;
  }

  @Test
  void theHostsKeyringHoldsOnlyTheInstanceItServes() {
    assertEquals(java.util.Set.of(instance), keyring.instances());
  }

  @Test
  void afterARotationOldReferencesAreRevokedAndCapsMintedSinceRestoreOverRpc() {
    TestService.Client old = restore(root.allowOnly(SERVICE, MethodSet.of(ADD)));
    assertEquals(2, add(old, 1, 1));

    authority.revokeAll(instance);

    RpcException e = failure(() -> add(old, 1, 1));
    assertTrue(e.reason().endsWith("has been revoked"), e.reason());
    assertRefused(root.toText());
    Capability fresh = authority.mint(instance, List.of(Grant.of(SERVICE, ADD)));
    assertEquals(7, add(restore(fresh), 3, 4), "the host was given the new secret");
  }

  @Test
  void aDestroyedInstanceIsRefusedByTheHostAndItsReferencesStop() {
    TestService.Client svc = restore(root);
    assertEquals(2, add(svc, 1, 1));

    authority.destroyInstance(instance);

    failure(() -> add(svc, 1, 1));
    assertRefused(root.toText());
    assertTrue(keyring.instances().isEmpty());
  }
}
