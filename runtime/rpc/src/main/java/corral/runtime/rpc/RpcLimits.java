package corral.runtime.rpc;

import corral.runtime.rpc.transport.FrameLimits;
import java.time.Duration;

/**
 * What a peer may make this side hold or do, so that one peer — or many together — cannot stop a
 * vat for every other. Exceeding a per-connection limit aborts that connection (a peer that asks
 * for more than the limit is broken or hostile) with a reason naming the limit and its value; the
 * vat-wide ones bound all connections together. See the RPC section of runtime/DESIGN.md for how
 * the defaults were chosen and how they compare with Cap'n Proto C++ and web servers.
 *
 * <p>Per connection, what the peer sends:
 *
 * @param frames segment count and size of one message
 * @param traversalWords words a reader may visit in one message (amplification guard)
 * @param nestingDepth pointer nesting depth a reader follows
 * @param maxCapTableEntries capability descriptors in one message's cap table (each costs the event
 *     loop an import or a lookup, and a list of them costs no words to send)
 *     <p>Per connection, what the peer makes this side hold:
 * @param maxCallsInProgress calls from the peer this side runs at once on the connection
 *     (delivered, not yet returned); a call beyond it is answered at once with {@code overloaded}
 *     and never delivered, so a flooding peer cannot make this side queue without bound
 * @param maxAnswers answers the peer has not finished (its Calls and Bootstraps without a Finish,
 *     returned or not)
 * @param maxHeldResultBytes bytes of results kept for answers returned and not yet finished (they
 *     are kept so the peer can pipeline on them)
 * @param maxExports capabilities of this side the peer holds
 * @param maxImports capabilities of the peer this side holds
 * @param maxEmbargoes resolutions held back waiting for a Disembargo to come back
 *     <p>Per connection, this side's own calls:
 * @param maxQuestions outstanding calls this side may have on the connection; beyond it, calls fail
 *     at once with {@code overloaded} (backpressure, not an abort)
 *     <p>For the whole vat (all its connections together; a process has one vat):
 * @param maxConnections connections accepted and open at once; at the limit its listeners stop
 *     accepting until one closes
 * @param memoryBudgetBytes bytes all connections may hold together for frames still arriving and
 *     results held for pipelining; the connection whose need goes beyond it is aborted
 * @param frameTimeout how long a frame may take from its first byte to its last (a peer that starts
 *     a frame and trickles or stops is aborted after it: slowloris)
 * @param maxOutboundBytes per connection, bytes written to the peer and not yet taken by its socket
 *     (a peer that does not read its replies). While the socket is not writable (Netty's write
 *     buffer high-water mark, 64 KiB) this side stops reading that peer, so it sends no more calls
 *     to be answered; what calls already read return beyond this limit aborts the connection
 */
public record RpcLimits(
    FrameLimits frames,
    long traversalWords,
    int nestingDepth,
    int maxCapTableEntries,
    int maxCallsInProgress,
    int maxAnswers,
    long maxHeldResultBytes,
    int maxExports,
    int maxImports,
    int maxEmbargoes,
    int maxQuestions,
    int maxConnections,
    long memoryBudgetBytes,
    Duration frameTimeout,
    long maxOutboundBytes) {

  /**
   * Safe defaults: the Cap'n Proto reference's message limits (64 MiB, 512 segments, depth 64),
   * 4,096 capabilities per message, 10,000 calls and unfinished answers and 64 MiB of held results
   * per connection, 65,536 exports and imports, 10,000 embargoes and own calls, 1,024 connections,
   * half the heap for all connections together, 60 s for one frame, and 64 MiB of replies a peer
   * has not read.
   */
  public static final RpcLimits DEFAULT =
      new RpcLimits(
          FrameLimits.DEFAULT,
          8L * 1024 * 1024,
          64,
          4_096,
          10_000,
          10_000,
          64L * 1024 * 1024,
          65_536,
          65_536,
          10_000,
          10_000,
          1_024,
          Runtime.getRuntime().maxMemory() / 2,
          Duration.ofSeconds(60),
          64L * 1024 * 1024);

  public RpcLimits {
    if (traversalWords < 1
        || nestingDepth < 1
        || maxCapTableEntries < 0
        || maxCallsInProgress < 1
        || maxAnswers < 1
        || maxHeldResultBytes < 0
        || maxExports < 1
        || maxImports < 1
        || maxEmbargoes < 1
        || maxQuestions < 1
        || maxConnections < 1
        || memoryBudgetBytes < 1
        || frameTimeout.isNegative()
        || frameTimeout.isZero()
        || maxOutboundBytes < 1) {
      throw new IllegalArgumentException("RPC limits must be positive: " + this);
    }
  }

  /** These limits with another {@code maxCallsInProgress}. */
  public RpcLimits withMaxCallsInProgress(int calls) {
    return new RpcLimits(
        frames,
        traversalWords,
        nestingDepth,
        maxCapTableEntries,
        calls,
        maxAnswers,
        maxHeldResultBytes,
        maxExports,
        maxImports,
        maxEmbargoes,
        maxQuestions,
        maxConnections,
        memoryBudgetBytes,
        frameTimeout,
        maxOutboundBytes);
  }

  /** These limits with another {@code maxCapTableEntries}. */
  public RpcLimits withMaxCapTableEntries(int entries) {
    return new RpcLimits(
        frames,
        traversalWords,
        nestingDepth,
        entries,
        maxCallsInProgress,
        maxAnswers,
        maxHeldResultBytes,
        maxExports,
        maxImports,
        maxEmbargoes,
        maxQuestions,
        maxConnections,
        memoryBudgetBytes,
        frameTimeout,
        maxOutboundBytes);
  }

  /** These limits with another {@code maxAnswers}. */
  public RpcLimits withMaxAnswers(int answers) {
    return new RpcLimits(
        frames,
        traversalWords,
        nestingDepth,
        maxCapTableEntries,
        maxCallsInProgress,
        answers,
        maxHeldResultBytes,
        maxExports,
        maxImports,
        maxEmbargoes,
        maxQuestions,
        maxConnections,
        memoryBudgetBytes,
        frameTimeout,
        maxOutboundBytes);
  }

  /** These limits with another {@code maxHeldResultBytes}. */
  public RpcLimits withMaxHeldResultBytes(long bytes) {
    return new RpcLimits(
        frames,
        traversalWords,
        nestingDepth,
        maxCapTableEntries,
        maxCallsInProgress,
        maxAnswers,
        bytes,
        maxExports,
        maxImports,
        maxEmbargoes,
        maxQuestions,
        maxConnections,
        memoryBudgetBytes,
        frameTimeout,
        maxOutboundBytes);
  }

  /** These limits with other {@code maxExports} and {@code maxImports}. */
  public RpcLimits withMaxExportsAndImports(int exports, int imports) {
    return new RpcLimits(
        frames,
        traversalWords,
        nestingDepth,
        maxCapTableEntries,
        maxCallsInProgress,
        maxAnswers,
        maxHeldResultBytes,
        exports,
        imports,
        maxEmbargoes,
        maxQuestions,
        maxConnections,
        memoryBudgetBytes,
        frameTimeout,
        maxOutboundBytes);
  }

  /** These limits with another {@code maxConnections}. */
  public RpcLimits withMaxConnections(int connections) {
    return new RpcLimits(
        frames,
        traversalWords,
        nestingDepth,
        maxCapTableEntries,
        maxCallsInProgress,
        maxAnswers,
        maxHeldResultBytes,
        maxExports,
        maxImports,
        maxEmbargoes,
        maxQuestions,
        connections,
        memoryBudgetBytes,
        frameTimeout,
        maxOutboundBytes);
  }

  /** These limits with another {@code memoryBudgetBytes}. */
  public RpcLimits withMemoryBudgetBytes(long bytes) {
    return new RpcLimits(
        frames,
        traversalWords,
        nestingDepth,
        maxCapTableEntries,
        maxCallsInProgress,
        maxAnswers,
        maxHeldResultBytes,
        maxExports,
        maxImports,
        maxEmbargoes,
        maxQuestions,
        maxConnections,
        bytes,
        frameTimeout,
        maxOutboundBytes);
  }

  /** These limits with another {@code frameTimeout}. */
  public RpcLimits withFrameTimeout(Duration timeout) {
    return new RpcLimits(
        frames,
        traversalWords,
        nestingDepth,
        maxCapTableEntries,
        maxCallsInProgress,
        maxAnswers,
        maxHeldResultBytes,
        maxExports,
        maxImports,
        maxEmbargoes,
        maxQuestions,
        maxConnections,
        memoryBudgetBytes,
        timeout,
        maxOutboundBytes);
  }

  /** These limits with another {@code maxOutboundBytes}. */
  public RpcLimits withMaxOutboundBytes(long bytes) {
    return new RpcLimits(
        frames,
        traversalWords,
        nestingDepth,
        maxCapTableEntries,
        maxCallsInProgress,
        maxAnswers,
        maxHeldResultBytes,
        maxExports,
        maxImports,
        maxEmbargoes,
        maxQuestions,
        maxConnections,
        memoryBudgetBytes,
        frameTimeout,
        bytes);
  }
}
