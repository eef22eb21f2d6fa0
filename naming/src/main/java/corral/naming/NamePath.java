package corral.naming;

import java.util.ArrayList;
import java.util.List;

/**
 * A validated absolute name such as {@code /dev/disk0}: {@code /} followed by segments separated by
 * {@code /}. The root is {@code /} alone.
 *
 * <p>A segment is 1 to {@value #MAX_SEGMENT_BYTES} bytes of UTF-8, not {@code .} or {@code ..},
 * without control characters (U+0000..U+001F, U+007F..U+009F); a whole name is at most {@value
 * #MAX_NAME_BYTES} bytes. The text is the identity: two paths are equal when their texts are.
 * Immutable; the hash is computed once, so a path is a cheap map key.
 */
public final class NamePath implements Comparable<NamePath> {
  /** The longest segment, in bytes of UTF-8 (as NAME_MAX on Linux). */
  public static final int MAX_SEGMENT_BYTES = 255;

  /** The longest name, in bytes of UTF-8 (as PATH_MAX on Linux). */
  public static final int MAX_NAME_BYTES = 4096;

  /** {@code /}. */
  public static final NamePath ROOT = new NamePath("/");

  private final String text;
  private final int hash;

  private NamePath(String text) {
    this.text = text;
    this.hash = text.hashCode();
  }

  /**
   * The path {@code text} names.
   *
   * @throws IllegalArgumentException naming the text and what is wrong with it: not starting with
   *     {@code /}, an empty segment (including a trailing {@code /}), a {@code .} or {@code ..}
   *     segment, a control character, a segment or the whole name too long
   */
  public static NamePath parse(String text) {
    if (text.equals("/")) {
      return ROOT;
    }
    if (text.isEmpty() || text.charAt(0) != '/') {
      throw bad(text, "a name starts with '/'");
    }
    int length = utf8Length(text);
    if (length > MAX_NAME_BYTES) {
      throw bad(text, "longer than " + MAX_NAME_BYTES + " bytes (" + length + ")");
    }
    int start = 1;
    for (int i = 1; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == '/') {
        checkSegment(text, start, i);
        start = i + 1;
      } else {
        char c = text.charAt(i);
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
          throw bad(text, String.format("control character U+%04X at index %d", (int) c, i));
        }
      }
    }
    return new NamePath(text);
  }

  private static void checkSegment(String text, int start, int end) {
    if (start == end) {
      throw bad(
          text,
          end == text.length()
              ? "ends with '/'"
              : "empty segment (two '/' in a row at index " + (start - 1) + ")");
    }
    int chars = end - start;
    if (chars <= 2 && text.charAt(start) == '.' && (chars == 1 || text.charAt(start + 1) == '.')) {
      throw bad(
          text,
          "'"
              + text.substring(start, end)
              + "' is not allowed as a segment (at index "
              + start
              + ")");
    }
    if (chars <= MAX_SEGMENT_BYTES / 3) {
      return; // even at 3 bytes a char it fits (the check below walks the segment; most are short)
    }
    int bytes = utf8Length(text.substring(start, end));
    if (bytes > MAX_SEGMENT_BYTES) {
      throw bad(
          text,
          "segment at index "
              + start
              + " is longer than "
              + MAX_SEGMENT_BYTES
              + " bytes ("
              + bytes
              + ")");
    }
  }

  private static IllegalArgumentException bad(String text, String why) {
    return new IllegalArgumentException("bad name " + quoted(text) + ": " + why);
  }

  /** {@code text} in double quotes, with control characters escaped, for error messages. */
  public static String quoted(String text) {
    String shown = text.length() > 120 ? text.substring(0, 120) + "..." : text;
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < shown.length(); i++) {
      char c = shown.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  private static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /** The path of {@code segment} in this directory. */
  public NamePath child(String segment) {
    return parse(isRoot() ? "/" + segment : text + "/" + segment);
  }

  /**
   * This path followed by the segments of {@code from} after its first {@code depth}: {@code
   * /dev/tty.withTail(/dev/serial/by-id/x, 2)} is {@code /dev/tty/by-id/x}.
   *
   * @throws IllegalArgumentException if the result is longer than a name may be
   */
  public NamePath withTail(NamePath from, int depth) {
    List<String> segments = from.segments();
    StringBuilder b = new StringBuilder(isRoot() ? "" : text);
    for (int i = depth; i < segments.size(); i++) {
      b.append('/').append(segments.get(i));
    }
    return b.isEmpty() ? ROOT : parse(b.toString());
  }

  public boolean isRoot() {
    return text.length() == 1;
  }

  /** The directory this path is in; the root's parent is the root. */
  public NamePath parent() {
    int slash = text.lastIndexOf('/');
    return slash == 0 ? ROOT : new NamePath(text.substring(0, slash));
  }

  /** The last segment; empty for the root. */
  public String name() {
    return text.substring(text.lastIndexOf('/') + 1);
  }

  /** The segments, first to last; empty for the root. */
  public List<String> segments() {
    List<String> out = new ArrayList<>();
    int start = 1;
    for (int i = 1; i <= text.length() && !isRoot(); i++) {
      if (i == text.length() || text.charAt(i) == '/') {
        out.add(text.substring(start, i));
        start = i + 1;
      }
    }
    return out;
  }

  /** The number of segments; 0 for the root. */
  public int depth() {
    if (isRoot()) {
      return 0;
    }
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '/') {
        n++;
      }
    }
    return n;
  }

  /** The first {@code depth} segments of this path as a path; {@code prefix(0)} is the root. */
  public NamePath prefix(int depth) {
    if (depth == 0) {
      return ROOT;
    }
    int seen = 0;
    for (int i = 1; i < text.length(); i++) {
      if (text.charAt(i) == '/' && ++seen == depth) {
        return new NamePath(text.substring(0, i));
      }
    }
    return this;
  }

  /** Whether this path is {@code prefix} or lies under it, segment by segment. */
  public boolean isUnder(NamePath prefix) {
    if (prefix.isRoot()) {
      return true;
    }
    return text.startsWith(prefix.text)
        && (text.length() == prefix.text.length() || text.charAt(prefix.text.length()) == '/');
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NamePath p && p.hash == hash && p.text.equals(text);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** Orders by segments, so a directory comes right before what it holds. */
  @Override
  public int compareTo(NamePath o) {
    int n = Math.min(text.length(), o.text.length());
    for (int i = 0; i < n; i++) {
      char a = text.charAt(i);
      char b = o.text.charAt(i);
      if (a != b) {
        return a == '/' ? -1 : b == '/' ? 1 : Character.compare(a, b);
      }
    }
    return Integer.compare(text.length(), o.text.length());
  }

  /** The text, e.g. {@code /dev/disk0}. */
  @Override
  public String toString() {
    return text;
  }
}
