package corral.regdsl.window;

/**
 * A driver tried to reach outside the register window granted to its instance. The message names
 * the instance, the access and the grant: {@code instance uart0: 4-byte read at offset 0x8 is
 * outside its window of 0x8 bytes at 0x3f8 of /dev/shm/uart}. This is a driver bug; the host
 * reports it as a failure of that instance.
 */
public final class WindowAccessException extends RuntimeException {
  private final String owner;

  public WindowAccessException(String owner, String message) {
    super("instance " + owner + ": " + message);
    this.owner = owner;
  }

  /** The instance the window was granted to. */
  public String owner() {
    return owner;
  }
}
