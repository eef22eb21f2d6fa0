package corral.regdsl.svd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed XML element with the line and column of its start tag's {@code <}: what the importer
 * needs from the JDK's SAX parser, since DOM does not keep positions.
 */
final class XmlElement {
  final String name;
  final int line;
  final int column;
  final Map<String, String> attributes = new LinkedHashMap<>();
  final List<XmlElement> children = new ArrayList<>();
  final StringBuilder text = new StringBuilder();

  XmlElement(String name, int line, int column) {
    this.name = name;
    this.line = line;
    this.column = column;
  }

  List<XmlElement> all(String child) {
    return children.stream().filter(c -> c.name.equals(child)).toList();
  }

  Optional<XmlElement> first(String child) {
    return children.stream().filter(c -> c.name.equals(child)).findFirst();
  }

  /** The trimmed text of the first child named {@code child}. */
  Optional<String> text(String child) {
    return first(child).map(c -> c.text.toString().strip());
  }

  /**
   * This element with {@code base}'s children added where this one has none of that name (SVD
   * {@code derivedFrom}: the derived element overrides what it restates).
   */
  XmlElement derive(XmlElement base) {
    XmlElement out = new XmlElement(name, line, column);
    out.attributes.putAll(base.attributes);
    out.attributes.putAll(attributes);
    out.attributes.remove("derivedFrom");
    out.children.addAll(children);
    for (XmlElement c : base.children) {
      if (first(c.name).isEmpty()) {
        out.children.add(c);
      }
    }
    out.text.append(text);
    return out;
  }
}
