import corral.runtime.cap.authority.CapabilityAuthority;
import java.nio.file.Path;
import java.time.InstantSource;

/**
 * Opens a capability authority in a scratch state directory, as the kernel will at its first
 * start: the authority creates its admin instance and writes the admin cap (owner-only) to
 * {@code STATE/admin.cap}. Prints that file's path.
 *
 * <p>usage: AuthorityDemo STATE
 */
public final class AuthorityDemo {
  public static void main(String[] args) throws Exception {
    try (CapabilityAuthority authority =
        CapabilityAuthority.open(Path.of(args[0]), InstantSource.system())) {
      System.out.println(authority.adminCapFile());
    }
  }
}
