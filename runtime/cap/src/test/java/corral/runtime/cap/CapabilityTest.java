package corral.runtime.cap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.runtime.cap.authority.CapabilityAuthority;
import corral.runtime.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CapabilityTest {
  static final long DISK = 0x9f2c7a4e1b3d5c60L;
  static final long EVENTS = 0x8000000000000001L;

  @TempDir Path tmp;
  MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
  CapabilityAuthority authority;
  long instance;
  Capability root;

  @BeforeEach
  void open() throws Exception {
    authority = CapabilityAuthority.open(tmp.resolve("state"), clock);
    instance = authority.createInstance();
    root = authority.mint(instance, List.of(Grant.of(DISK, 0, 1, 2, 3), Grant.of(EVENTS, 0)));
  }

  @AfterEach
  void close() throws Exception {
    authority.close();
  }

  Rights rightsOf(Restoration r) {
    return assertInstanceOf(Restoration.Restored.class, r).rights();
  }

  @Test
  void aMintedCapRestoresWithItsRights() {
    Rights rights = rightsOf(authority.restore(root.toText()));
    assertEquals(MethodSet.of(0, 1, 2, 3), rights.methods(DISK));
    assertEquals(MethodSet.of(0), rights.methods(EVENTS));
    assertTrue(rights.expiry().isEmpty());
  }

  @Test
  void theTextFormRoundTripsAndStartsWithTheFormatPrefix() {
    String text = root.toText();
    assertTrue(text.startsWith("corral1:"), text);
    assertTrue(text.substring(8).matches("[A-Za-z0-9_-]+"), text);
    Capability back =
        assertInstanceOf(CapabilityText.Parsed.class, Capability.parse(text)).capability();
    assertEquals(root, back);
    assertEquals(text, back.toText());
  }

  @Test
  void toStringNeverShowsTheMac() {
    String mac = Base64.getUrlEncoder().withoutPadding().encodeToString(root.macBytes());
    assertFalse(root.toString().contains(mac));
    assertFalse(root.toString().contains(root.toText().substring(8)));
    assertTrue(root.toString().contains(root.id().toString()));
    assertFalse(
        authority
            .secretOf(instance)
            .orElseThrow()
            .toString()
            .contains(
                Base64.getEncoder()
                    .encodeToString(authority.secretOf(instance).orElseThrow().bytes())));
  }

  @Test
  void aDerivedCapNarrowsMethodsOffline() {
    Capability child = root.allowOnly(DISK, MethodSet.of(0, 2));
    Rights rights = rightsOf(authority.restore(child.toText()));
    assertEquals(MethodSet.of(0, 2), rights.methods(DISK));
    assertTrue(rights.methods(EVENTS).isEmpty(), "interfaces not listed in the caveat are dropped");
  }

  @Test
  void aDerivedCapCannotReachAMethodItsParentLacked() {
    Capability parent = root.allowOnly(DISK, MethodSet.of(0, 1));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> parent.allowOnly(DISK, MethodSet.of(1, 3)));
    assertEquals(
        "methods {3} of interface 0x9f2c7a4e1b3d5c60 are not granted by this capability, which"
            + " grants {0, 1} there",
        e.getMessage());
    // Bypassing the courtesy check does not help: the verifier intersects.
    Capability sneaky =
        parent.appendUnchecked(
            new Caveat.Allow(List.of(Grant.of(DISK, 1, 3), Grant.of(EVENTS, 0))));
    Rights rights = rightsOf(authority.restore(sneaky.toText()));
    assertEquals(MethodSet.of(1), rights.methods(DISK));
    assertTrue(rights.methods(EVENTS).isEmpty());
  }

  @Test
  void aDerivedCapCannotOutliveItsParentsExpiry() {
    Instant soon = clock.instant().plus(Duration.ofMinutes(10));
    Capability parent = root.expiringAt(soon);
    assertThrows(IllegalArgumentException.class, () -> parent.expiringAt(soon.plusSeconds(3600)));
    Capability later = parent.appendUnchecked(new Caveat.ExpiresAt(soon.plusSeconds(3600)));
    assertEquals(soon, rightsOf(authority.restore(later)).expiry().orElseThrow());
    clock.advance(Duration.ofMinutes(10));
    assertEquals(Restoration.Refused.REFUSED, authority.restore(parent));
    assertEquals(Restoration.Refused.REFUSED, authority.restore(later));
  }

  @Test
  void aCapIsValidUntilJustBeforeItsExpiry() {
    Capability c = root.expiringAt(clock.instant().plusMillis(1000));
    clock.advance(Duration.ofMillis(999));
    assertInstanceOf(Restoration.Restored.class, authority.restore(c));
    clock.advance(Duration.ofMillis(1));
    assertEquals(Restoration.Refused.REFUSED, authority.restore(c));
  }

  @Test
  void aRevokedCapAndEverythingDerivedFromItAreRefused() {
    Capability a = root.allowOnly(DISK, MethodSet.of(0, 1, 2));
    Capability b = a.allowOnly(DISK, MethodSet.of(0));
    Capability c = b.expiringAt(clock.instant().plusSeconds(60));
    Capability sibling = root.allowOnly(DISK, MethodSet.of(3));
    assertTrue(authority.revoke(a));
    for (Capability x : List.of(a, b, c)) {
      assertEquals(Restoration.Refused.REFUSED, authority.restore(x), x.toString());
    }
    assertInstanceOf(Restoration.Restored.class, authority.restore(root));
    assertInstanceOf(Restoration.Restored.class, authority.restore(sibling));
  }

  @Test
  void revokingAllCapsOfAnInstanceRefusesThemAndNewCapsWork() {
    Capability child = root.allowOnly(DISK, MethodSet.of(0));
    authority.revokeAll(instance);
    assertEquals(Restoration.Refused.REFUSED, authority.restore(root));
    assertEquals(Restoration.Refused.REFUSED, authority.restore(child));
    Capability fresh = authority.mint(instance, List.of(Grant.of(DISK, 0)));
    assertInstanceOf(Restoration.Restored.class, authority.restore(fresh));
  }

  @Test
  void aDestroyedInstancesCapsAreRefused() {
    authority.destroyInstance(instance);
    assertEquals(Restoration.Refused.REFUSED, authority.restore(root));
    assertThrows(
        IllegalArgumentException.class, () -> authority.mint(instance, List.of(Grant.of(DISK, 0))));
  }

  @Test
  void rightsAndRevocationsSurviveARestartOfTheAuthority() throws Exception {
    Capability kept = root.allowOnly(DISK, MethodSet.of(1));
    Capability revoked = root.allowOnly(DISK, MethodSet.of(2));
    Capability revokedChild = revoked.expiringAt(clock.instant().plusSeconds(600));
    authority.revoke(revoked);
    long other = authority.createInstance();
    Capability otherCap = authority.mint(other, List.of(Grant.of(DISK, 0)));
    authority.revokeAll(other);
    String admin = Files.readString(authority.adminCapFile()).strip();
    authority.close();

    authority = CapabilityAuthority.open(tmp.resolve("state"), clock);
    assertEquals(MethodSet.of(1), rightsOf(authority.restore(kept)).methods(DISK));
    assertInstanceOf(Restoration.Restored.class, authority.restore(root));
    assertEquals(Restoration.Refused.REFUSED, authority.restore(revoked));
    assertEquals(Restoration.Refused.REFUSED, authority.restore(revokedChild));
    assertEquals(Restoration.Refused.REFUSED, authority.restore(otherCap));
    assertEquals(admin, Files.readString(authority.adminCapFile()).strip(), "admin cap is kept");
    assertInstanceOf(Restoration.Restored.class, authority.restore(admin));
  }

  @Test
  void theStateDirectoryIsOwnerOnly() throws Exception {
    Path dir = authority.stateDirectory();
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    for (String f :
        List.of(
            CapabilityAuthority.STATE_FILE,
            CapabilityAuthority.ADMIN_CAP_FILE,
            CapabilityAuthority.AUDIT_FILE)) {
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(f))),
          f);
    }
  }

  @Test
  void aSecondAuthorityCannotOpenALockedStateDirectory() {
    Exception e =
        assertThrows(Exception.class, () -> CapabilityAuthority.open(tmp.resolve("state"), clock));
    assertTrue(
        e.getMessage().contains("is in use by another capability authority"), e.getMessage());
  }

  @Test
  void theAdminCapGrantsTheAdminInterface() throws Exception {
    Rights rights = rightsOf(authority.restore(Files.readString(authority.adminCapFile())));
    assertEquals(MethodSet.of(0, 1, 2, 3), rights.methods(CapSchema.AuthorityAdmin.TYPE_ID));
  }

  @Test
  void anAuthorityOpenedWithOtherAdminGrantsReMintsItsAdminCapAndKeepsAMatchingOne()
      throws Exception {
    String before = Files.readString(authority.adminCapFile()).strip();
    authority.close();
    List<Grant> kernelAdmin = List.of(Grant.of(DISK, 0, 1));
    authority = CapabilityAuthority.open(tmp.resolve("state"), clock, kernelAdmin);
    String after = Files.readString(authority.adminCapFile()).strip();
    assertFalse(after.equals(before), "re-minted");
    assertEquals(kernelAdmin, rightsOf(authority.restore(after)).grants());
    authority.close();
    authority = CapabilityAuthority.open(tmp.resolve("state"), clock, kernelAdmin);
    assertEquals(after, Files.readString(authority.adminCapFile()).strip(), "kept");
  }

  @Test
  void aCapMintedByOneAuthorityIsRefusedByAnother() throws Exception {
    try (CapabilityAuthority other = CapabilityAuthority.open(tmp.resolve("other"), clock)) {
      assertEquals(Restoration.Refused.REFUSED, other.restore(root));
      long id = other.createInstance();
      Capability theirs = other.mint(id, List.of(Grant.of(DISK, 0)));
      assertEquals(Restoration.Refused.REFUSED, authority.restore(theirs));
    }
  }

  @Test
  void aCapClaimingAnotherInstanceIsRefused() {
    long other = authority.createInstance();
    Capability moved =
        new Capability(other, root.nonce(), root.grants(), root.caveats(), root.macBytes());
    assertEquals(Restoration.Refused.REFUSED, authority.restore(moved));
  }

  @Test
  void everySingleBitFlipOfAValidTokenIsRefused() {
    Capability c =
        root.allowOnly(DISK, MethodSet.of(0, 2)).expiringAt(clock.instant().plusSeconds(60));
    String text = c.toText();
    byte[] packed = Base64.getUrlDecoder().decode(text.substring(8));
    int flips = 0;
    for (int i = 0; i < packed.length * 8; i++) {
      byte[] m = packed.clone();
      m[i / 8] ^= (byte) (1 << (i % 8));
      String t = "corral1:" + Base64.getUrlEncoder().withoutPadding().encodeToString(m);
      assertEquals(Restoration.Refused.REFUSED, authority.restore(t), "bit " + i);
      flips++;
    }
    // And every bit of the text form itself.
    for (int i = 0; i < text.length() * 8; i++) {
      char[] chars = text.toCharArray();
      chars[i / 8] ^= (char) (1 << (i % 8));
      assertEquals(
          Restoration.Refused.REFUSED, authority.restore(new String(chars)), "text bit " + i);
      flips++;
    }
    assertTrue(flips > 1000, "flipped " + flips + " bits");
    assertInstanceOf(Restoration.Restored.class, authority.restore(text));
  }

  @Test
  void oneHundredThousandRandomTokensAreRefused() {
    Random random = new Random(4);
    int len = root.toText().length() - 8;
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    byte[] valid = Base64.getUrlDecoder().decode(root.toText().substring(8));
    for (int n = 0; n < 100_000; n++) {
      String t;
      if (n % 2 == 0) {
        StringBuilder sb = new StringBuilder("corral1:");
        for (int i = 0; i < len; i++) {
          sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        t = sb.toString();
      } else {
        // Well-formed structure, random MAC: the harder case.
        byte[] mac = new byte[32];
        random.nextBytes(mac);
        t = new Capability(instance, random.nextLong(), root.grants(), List.of(), mac).toText();
      }
      assertEquals(Restoration.Refused.REFUSED, authority.restore(t), t);
    }
    assertTrue(valid.length > 0);
  }

  @Test
  void malformedTextFormsGetAParseErrorNamingWhatIsWrong() {
    String good = root.toText();
    assertMalformed("the capability is empty", "");
    assertMalformed("the capability does not start with 'corral1:'", "hello");
    assertMalformed(
        "the capability has format 'corral2', which this version of Corral does not read (it reads"
            + " corral1:)",
        "corral2:AAAA");
    assertMalformed(
        "character 11 of the capability is '+', which is not URL-safe base64 (A-Z a-z 0-9 - _, no"
            + " padding)",
        "corral1:AA+A");
    assertMalformed(
        "character 13 of the capability is '=', which is not URL-safe base64 (A-Z a-z 0-9 - _, no"
            + " padding)",
        good.substring(0, 12) + "=");
    assertMalformed(
        "the capability is truncated: its base64 ends in a lone character", "corral1:A");
    assertMalformed(
        "the capability is malformed: the message is truncated",
        good.substring(0, good.length() - 20));
    assertMalformed(
        "the capability is malformed: the message has 2 segments, not 1",
        "corral1:"
            + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[] {0x01, 0x01}));
  }

  static void assertMalformed(String reason, String text) {
    assertEquals(new CapabilityText.Malformed(reason), Capability.parse(text), text);
  }
}
