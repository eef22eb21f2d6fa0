package corral.runtime.rpc.dynamic;

import corral.idl.reflect.DynamicStruct;
import corral.idl.reflect.InterfaceSchema;
import corral.idl.reflect.MethodSchema;
import corral.idl.reflect.TextFormat;
import corral.idl.reflect.TextFormatException;
import corral.runtime.rpc.Client;
import corral.runtime.rpc.Request;
import corral.runtime.rpc.RpcException;
import corral.runtime.rpc.RpcFuture;

/**
 * A reference to a capability whose interface is known at run time only, by its schema: it calls
 * any method of the interface, its own or inherited, by name, with the parameters written in Cap'n
 * Proto's text format, and hands back the results as a struct to print. This is what {@code corral
 * call} is made of, as Cap'n Proto's C++ {@code DynamicCapability::Client} is the engine of tools
 * that call what they did not compile.
 *
 * <pre>
 *   call("read", "(block = 8, count = 2)")
 *     │  schema.requireMethod("read")         ── unknown ─▶ IllegalArgumentException listing the methods
 *     │  TextFormat.parseInto(params in place) ── bad text ─▶ TextFormatException at line:column (nothing sent)
 *     ▼
 *   newCall(method.interfaceId(), method.ordinal()).send()
 *     ▼
 *   DynamicResults (results read through method.results())  ── or the call's RpcException, unchanged
 * </pre>
 *
 * <p>Parameters are parsed straight into the outgoing call message, as a generated stub builds
 * them, so the bytes on the wire are those a typed call with the same values sends. A method
 * inherited from a superclass is sent with the id of the interface that declares it. Capabilities
 * cannot be written in text: a parameter of an interface type can only be left null. Capabilities
 * in the results are kept (referenced) by the {@link DynamicResults} until it is closed and print
 * as {@code <external capability>}, as {@code capnp convert} prints them.
 *
 * <p>Owns one reference (the {@link Client} it was made with), dropped by {@link #close()}.
 * Thread-safe as the {@code Client} is; each call is built in the calling thread.
 */
public final class DynamicClient implements AutoCloseable {
  private final Client client;
  private final InterfaceSchema schema;

  /**
   * A dynamic reference that takes over {@code client}'s reference, for calls to {@code schema}'s
   * methods. That the object implements the interface is the caller's claim: a method it does not
   * implement fails as {@code unimplemented} when called.
   */
  public DynamicClient(Client client, InterfaceSchema schema) {
    this.client = client;
    this.schema = schema;
  }

  /** The interface this reference's calls are made against. */
  public InterfaceSchema schema() {
    return schema;
  }

  /**
   * The method a name refers to: an own method, else an inherited one; {@code Base.method} reaches
   * one that an own method of the same name hides.
   *
   * @throws IllegalArgumentException naming the interface and listing every method it has
   */
  public MethodSchema method(String name) {
    return schema.requireMethod(name);
  }

  /**
   * Sends a call of the named method with parameters parsed from {@code arguments}, a struct
   * literal such as {@code (block = 8, count = 2)} ({@code ()} for none), and returns at once.
   *
   * @return completes with the results, or exceptionally with the call's {@link RpcException}
   *     exactly as the callee (or the connection) reported it
   * @throws IllegalArgumentException when the interface has no such method (see {@link #method})
   * @throws TextFormatException when {@code arguments} is not a literal of the method's parameter
   *     struct, naming the field and the line:column; nothing was sent
   */
  public RpcFuture<DynamicResults> send(String method, String arguments) {
    return send(method(method), arguments);
  }

  /**
   * Sends a call of {@code method} (one of this interface's {@link InterfaceSchema#allMethods()})
   * with parameters parsed from {@code arguments}; see {@link #send(String, String)}.
   */
  public RpcFuture<DynamicResults> send(MethodSchema method, String arguments) {
    // The one place this class touches the engine's untyped request API.
    Request request = client.newCall(method.interfaceId(), method.ordinal());
    TextFormat.parseInto(arguments, DynamicStruct.init(request.params(), method.params()));
    return request.send().thenApply(response -> DynamicResults.read(method, response));
  }

  /**
   * Calls the named method and waits for its results; see {@link #send(String, String)} for the
   * arguments. The caller closes the results.
   *
   * @throws RpcException the call's failure, unchanged (its kind as the callee gave it)
   * @throws IllegalArgumentException when the interface has no such method
   * @throws TextFormatException when {@code arguments} does not parse; nothing was sent
   */
  public DynamicResults call(String method, String arguments) {
    return send(method, arguments).join();
  }

  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return "DynamicClient(" + schema.name() + ")";
  }
}
