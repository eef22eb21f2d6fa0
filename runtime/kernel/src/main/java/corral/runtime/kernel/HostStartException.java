package corral.runtime.kernel;

/** A driver host could not be started; the message says why and where its log is. */
final class HostStartException extends Exception {
  HostStartException(String message) {
    super(message, null, false, false);
  }
}
