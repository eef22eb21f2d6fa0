package corral.runtime.rpc.dynamic;

import corral.idl.reflect.DynamicStruct;
import corral.idl.reflect.MethodSchema;
import corral.idl.reflect.TextFormat;
import corral.runtime.rpc.Response;
import corral.runtime.rpc.RpcException;

/**
 * The results of a {@link DynamicClient} call: the method's results struct, read through its
 * schema, and its text.
 *
 * <p>Owns the response and the references to the capabilities in it until {@link #close()}; the
 * {@link #struct()} reader is valid until then. Capabilities print as {@code <external
 * capability>}.
 */
public final class DynamicResults implements AutoCloseable {
  private final MethodSchema method;
  private final Response response;
  private final DynamicStruct.Reader struct;

  private DynamicResults(MethodSchema method, Response response, DynamicStruct.Reader struct) {
    this.method = method;
    this.response = response;
    this.struct = struct;
  }

  /**
   * Takes over {@code response} as the results of {@code method}.
   *
   * @throws RpcException (failed) when the results do not read as the method's results struct; the
   *     response is closed then
   */
  static DynamicResults read(MethodSchema method, Response response) {
    try {
      return new DynamicResults(
          method, response, DynamicStruct.read(response.results(), method.results()));
    } catch (RuntimeException e) {
      response.close();
      throw RpcException.failed(
          "results of " + method.owner().name() + "." + method.name() + " do not read: " + e);
    }
  }

  /** The method these are the results of. */
  public MethodSchema method() {
    return method;
  }

  /** The results struct; valid until {@link #close()}. */
  public DynamicStruct.Reader struct() {
    return struct;
  }

  /**
   * The results in text format as {@code capnp convert binary:text} prints the same struct: one
   * line when short, else one field per line.
   */
  public String text() {
    return TextFormat.print(struct);
  }

  /** The results on one line, as {@code capnp convert binary:text --short} prints them. */
  public String shortText() {
    return TextFormat.printShort(struct);
  }

  @Override
  public void close() {
    response.close();
  }

  @Override
  public String toString() {
    return method.owner().name() + "." + method.name() + " -> " + shortText();
  }
}
