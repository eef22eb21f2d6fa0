package corral.runtime.rpc.transport;

import java.nio.file.Path;

/**
 * Where a vat listens or connects: {@code unix:/path.sock} or {@code tcp://host:port}. Other
 * schemes (e.g. {@code tls://}) are parsed by the transports that know them.
 */
public sealed interface RpcAddress {

  /** A Unix domain socket at {@code path}. */
  record Unix(Path path) implements RpcAddress {
    @Override
    public String toString() {
      return "unix:" + path;
    }
  }

  /** A TCP endpoint; {@code port} 0 when binding means "any free port". */
  record Tcp(String host, int port) implements RpcAddress {
    @Override
    public String toString() {
      return "tcp://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
  }

  /**
   * Parses {@code unix:/path.sock} or {@code tcp://host:port}.
   *
   * @throws IllegalArgumentException naming the text and what is wrong with it
   */
  static RpcAddress parse(String text) {
    if (text.startsWith("unix:")) {
      String path = text.substring("unix:".length());
      if (path.isEmpty()) {
        throw new IllegalArgumentException("address '" + text + "' has an empty socket path");
      }
      return new Unix(Path.of(path));
    }
    if (text.startsWith("tcp://")) {
      String rest = text.substring("tcp://".length());
      int colon = rest.lastIndexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("address '" + text + "' lacks a host and :port");
      }
      String host = rest.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      int port;
      try {
        port = Integer.parseInt(rest.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "address '" + text + "' has port '" + rest.substring(colon + 1) + "', not a number");
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException(
            "address '" + text + "' has port " + port + ", outside 0..65535");
      }
      return new Tcp(host, port);
    }
    throw new IllegalArgumentException(
        "address '" + text + "' is neither unix:/path nor tcp://host:port");
  }
}
