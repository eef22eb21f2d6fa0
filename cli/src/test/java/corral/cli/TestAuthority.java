package corral.cli;

import corral.runtime.cap.CapSchema;
import corral.runtime.cap.Capability;
import corral.runtime.cap.CapabilityText;
import corral.runtime.cap.Grant;
import corral.runtime.cap.Restoration;
import corral.runtime.cap.Rights;
import corral.runtime.cap.authority.CapabilityAuthority;
import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;

/**
 * A real capability authority in a test's directory and one cap it minted for a new instance: all
 * four methods of {@code AuthorityAdmin} (an interface the CLI knows by name) and methods 0, 1 and
 * 5 of {@link #DISK} (one it does not). Closing it closes the authority.
 */
final class TestAuthority implements AutoCloseable {
  static final long ADMIN = CapSchema.AuthorityAdmin.TYPE_ID;
  static final long DISK = 0x9f2c7a4e1b3d5c60L;

  final CapabilityAuthority authority;
  final Capability cap;

  TestAuthority(Path dir) throws IOException {
    authority = CapabilityAuthority.open(dir.resolve("state"), InstantSource.system());
    cap =
        authority.mint(
            authority.createInstance(),
            List.of(Grant.of(ADMIN, 0, 1, 2, 3), Grant.of(DISK, 0, 1, 5)));
  }

  /** The rights the authority grants to the cap in {@code text} (which must be genuine). */
  Rights restore(String text) {
    Capability c = ((CapabilityText.Parsed) Capability.parse(text.strip())).capability();
    return ((Restoration.Restored) authority.restore(c)).rights();
  }

  @Override
  public void close() throws IOException {
    authority.close();
  }
}
