package corral.bench;

/**
 * One contender's client side: how it makes a null call and how it keeps 64 KiB echo calls in
 * flight. Confined to the thread of {@link ClientProcess}'s command loop.
 */
interface Caller extends AutoCloseable {
  /** Payload of one echo call, each way. */
  int ECHO_BYTES = 64 * 1024;

  /** One null call; returns when its answer has arrived. */
  void ping() throws Exception;

  /**
   * Makes echo calls of {@link #ECHO_BYTES}, keeping {@code inFlight} outstanding, until {@code
   * deadline} ({@link System#nanoTime()}) passes or {@code maxCalls} have been sent; returns once
   * every call sent has been answered.
   *
   * @return the number of calls answered
   * @throws IllegalStateException if an answer has the wrong length
   */
  long echo(int inFlight, long deadline, long maxCalls) throws Exception;

  @Override
  void close();

  /** The payload sent by echo calls: a fixed pattern, so that a wrong echo can be told. */
  static byte[] echoPayload() {
    byte[] b = new byte[ECHO_BYTES];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (i * 31 + 7);
    }
    return b;
  }
}
