package corral.regdsl.window;

/**
 * What the kernel grants one instance: {@code length} bytes of {@code resource} from {@code base}
 * (Windows CE's IoBase/IoLen). The host maps exactly this range and nothing else.
 *
 * @param owner the instance the window is granted to, named in every error about it
 * @param resource a file in {@code /dev/shm} shared with a device model, or {@code /dev/uioN}
 * @param base byte offset of the window in the resource
 * @param length bytes granted, at least 1
 */
public record WindowGrant(String owner, String resource, long base, long length) {
  public WindowGrant {
    if (base < 0 || length < 1) {
      throw new IllegalArgumentException(
          "grant to "
              + owner
              + " of "
              + resource
              + " has base "
              + base
              + " and length "
              + length
              + "; need base >= 0 and length >= 1");
    }
  }

  @Override
  public String toString() {
    return owner
        + ": "
        + resource
        + " [0x"
        + Long.toHexString(base)
        + ", +0x"
        + Long.toHexString(length)
        + ")";
  }
}
