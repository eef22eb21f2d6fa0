package corral.runtime.rpc;

import java.util.Locale;

/**
 * The one exception of Cap'n Proto RPC: a call failed, and {@link #kind()} tells the caller what to
 * do about it. The kinds are the four of the protocol and travel on the wire unchanged, so a C++
 * peer's {@code OVERLOADED} arrives here as {@link Kind#OVERLOADED} and the other way round.
 */
public final class RpcException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * What a failure means for the caller. Wire codes are the ordinals (rpc.capnp Exception.Type).
   */
  public enum Kind {
    /** Something went wrong; retrying will not help without a change. */
    FAILED,
    /** Out of a resource (queue, memory, quota); retry later, with back-off. */
    OVERLOADED,
    /** The connection to the object is gone; reconnect and retry if the call is idempotent. */
    DISCONNECTED,
    /** The method or message is not implemented by the receiver; don't retry. */
    UNIMPLEMENTED;

    /** The kind with wire code {@code code}; an unknown code reads as {@link #FAILED}. */
    public static Kind fromCode(int code) {
      Kind[] all = values();
      return code >= 0 && code < all.length ? all[code] : FAILED;
    }

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Kind kind;
  private final String reason;

  public RpcException(Kind kind, String reason) {
    super(kind.label() + ": " + reason);
    this.kind = kind;
    this.reason = reason;
  }

  public RpcException(Kind kind, String reason, Throwable cause) {
    super(kind.label() + ": " + reason, cause);
    this.kind = kind;
    this.reason = reason;
  }

  public Kind kind() {
    return kind;
  }

  /** The reason as sent on the wire, without the kind prefix. */
  public String reason() {
    return reason;
  }

  public static RpcException failed(String reason) {
    return new RpcException(Kind.FAILED, reason);
  }

  public static RpcException disconnected(String reason) {
    return new RpcException(Kind.DISCONNECTED, reason);
  }

  /**
   * A call its receiver refused before running any of it (the object was being replaced or
   * stopped): kind {@link Kind#DISCONNECTED}, and a reason beginning {@value #NOT_DELIVERED}, which
   * travels on the wire, so a caller on any path knows the call may be sent again to whatever now
   * serves the object.
   */
  public static RpcException notDelivered(String reason) {
    return new RpcException(Kind.DISCONNECTED, NOT_DELIVERED + reason);
  }

  /** How the reason of a {@link #notDelivered} exception begins. */
  public static final String NOT_DELIVERED = "not delivered: ";

  /** Whether the call certainly did not run: see {@link #notDelivered}. */
  public boolean wasNotDelivered() {
    return kind == Kind.DISCONNECTED && reason.startsWith(NOT_DELIVERED);
  }

  public static RpcException unimplemented(String reason) {
    return new RpcException(Kind.UNIMPLEMENTED, reason);
  }

  public static RpcException overloaded(String reason) {
    return new RpcException(Kind.OVERLOADED, reason);
  }

  /**
   * {@code t} as an RPC exception: itself, the RpcException it wraps (through {@code
   * CompletionException}s), or a {@link Kind#FAILED} one carrying its class and message.
   */
  public static RpcException from(Throwable t) {
    Throwable c = t;
    while ((c instanceof java.util.concurrent.CompletionException
            || c instanceof java.util.concurrent.ExecutionException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    if (c instanceof RpcException r) {
      return r;
    }
    if (c instanceof java.util.concurrent.CancellationException) {
      return failed("call canceled");
    }
    String msg = c.getMessage();
    return new RpcException(
        Kind.FAILED, c.getClass().getName() + (msg == null ? "" : ": " + msg), c);
  }
}
