package corral.regdsl.svd;

import corral.regdsl.lang.Access;
import corral.regdsl.lang.Block;
import corral.regdsl.lang.Compiler;
import corral.regdsl.lang.Device;
import corral.regdsl.lang.Diagnostics;
import corral.regdsl.lang.Effect;
import corral.regdsl.lang.EnumDecl;
import corral.regdsl.lang.Field;
import corral.regdsl.lang.Member;
import corral.regdsl.lang.Pos;
import corral.regdsl.lang.Register;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Converts CMSIS-SVD peripherals into regdsl devices, which then go through the same checks as
 * hand-written descriptions.
 *
 * <p>Mapping: peripheral → device (size from its address blocks and registers); cluster → block;
 * register → register ({@code dim} → array); field → field, with the bits no field covers declared
 * {@code reserved preserve}; 1-bit fields without enumerated values → bool; enumeratedValues → an
 * enum named after register and field; {@code modifiedWriteValues}
 * oneToClear/oneToSet/oneToToggle/zeroToClear → w1c/w1s/w1t/w0c; {@code readAction} clear → rc,
 * other actions → rse; {@code derivedFrom} on peripherals, registers and enumeratedValues copies
 * what the derived element does not restate; size, access and reset value are inherited from device
 * to peripheral to register; alternate registers may share an address. Names become identifiers
 * ({@code RELOAD[%s]} → array {@code RELOAD}).
 *
 * <p>Errors name the element and line. Things that can be dropped without changing the meaning of
 * what remains (a register without an address, an enumerated value with don't-care bits) are
 * dropped with a warning.
 *
 * <p>Holds the file being read while {@link #read} runs: use one instance per compilation, from one
 * thread.
 */
public final class SvdImporter implements Compiler.SvdReader {

  /** Defaults inherited down the SVD tree. */
  private record Defaults(int size, Access access, long reset, long resetMask) {
    Defaults from(XmlElement e, SvdImporter in) {
      return new Defaults(
          e.text("size").map(s -> (int) in.number(s, e, "size")).orElse(size),
          e.text("access").map(a -> in.access(a, e)).orElse(access),
          e.text("resetValue").map(s -> in.number(s, e, "resetValue")).orElse(reset),
          e.text("resetMask").map(s -> in.number(s, e, "resetMask")).orElse(resetMask));
    }
  }

  private String file;
  private Diagnostics diagnostics;

  @Override
  public List<Device> read(Path path, String peripheral, Pos at, Diagnostics diagnostics) {
    this.file = path.getFileName().toString();
    this.diagnostics = diagnostics;
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      diagnostics.error(at, "cannot read SVD file " + path + ": " + e.getMessage());
      return List.of();
    }
    diagnostics.addSource(file, text);
    XmlElement root = parse(text);
    if (root == null) {
      return List.of();
    }
    if (!root.name.equals("device")) {
      error(root, "expected <device> as the root element, found <" + root.name + ">");
      return List.of();
    }
    var defaults = new Defaults(32, Access.RW, 0, -1L).from(root, this);
    ByteOrder order =
        root.first("cpu")
            .flatMap(c -> c.text("endian"))
            .map(e -> e.equals("big") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN)
            .orElse(ByteOrder.LITTLE_ENDIAN);
    List<XmlElement> peripherals =
        root.first("peripherals").map(p -> p.all("peripheral")).orElse(List.of());
    Map<String, XmlElement> byName = new LinkedHashMap<>();
    for (XmlElement p : peripherals) {
      p.text("name").ifPresent(n -> byName.put(n, p));
    }
    var devices = new ArrayList<Device>();
    boolean found = false;
    for (XmlElement p : peripherals) {
      String name = p.text("name").orElse("");
      if (peripheral != null && !peripheral.equals(name)) {
        continue;
      }
      found = true;
      XmlElement resolved = p;
      String base = p.attributes.get("derivedFrom");
      if (base != null) {
        XmlElement b = byName.get(base);
        if (b == null) {
          error(p, "peripheral '" + name + "' is derivedFrom unknown peripheral '" + base + "'");
          continue;
        }
        resolved = p.derive(b);
      }
      Device d = peripheral(resolved, defaults, order);
      if (d != null) {
        devices.add(d);
      }
    }
    if (peripheral != null && !found) {
      diagnostics.error(at, "SVD file " + file + " has no peripheral '" + peripheral + "'");
    }
    return devices;
  }

  private Device peripheral(XmlElement p, Defaults inherited, ByteOrder order) {
    String name = p.text("name").orElse("");
    var defaults = inherited.from(p, this);
    String prefix = p.text("prependToName").orElse("");
    String suffix = p.text("appendToName").orElse("");
    var enums = new ArrayList<EnumDecl>();
    var members = new ArrayList<Member>();
    List<XmlElement> regs = p.first("registers").map(r -> r.children).orElse(List.of());
    Map<String, XmlElement> regByName = new HashMap<>();
    for (XmlElement r : regs) {
      r.text("name").ifPresent(n -> regByName.put(n, r));
    }
    var enumIndex = new HashMap<String, XmlElement>();
    for (XmlElement r : regs) {
      if (r.name.equals("register")) {
        Register reg = register(r, regByName, defaults, prefix, suffix, enums, enumIndex);
        if (reg != null) {
          members.add(reg);
        }
      } else if (r.name.equals("cluster")) {
        Block b = cluster(r, defaults, prefix, suffix, enums, enumIndex);
        if (b != null) {
          members.add(b);
        }
      }
    }
    long size = 0;
    for (XmlElement ab : p.all("addressBlock")) {
      long off = ab.text("offset").map(s -> number(s, ab, "offset")).orElse(0L);
      long sz = ab.text("size").map(s -> number(s, ab, "size")).orElse(0L);
      size = Math.max(size, off + sz);
    }
    for (Member m : members) {
      size = Math.max(size, end(m));
    }
    members = resolveAlternateGroups(members);
    return new Device(
        pos(p),
        doc(p),
        identifier(name),
        order,
        defaults.size(),
        Math.max(size, 1),
        identifier(name).toUpperCase(Locale.ROOT),
        enums,
        members);
  }

  private static long end(Member m) {
    return switch (m) {
      case Register r -> r.offset() + (r.count() - 1) * r.stride() + r.bytes();
      case Block b ->
          b.offset()
              + (b.count() - 1) * b.stride()
              + b.members().stream().mapToLong(SvdImporter::end).max().orElse(0);
      default -> 0;
    };
  }

  /** Registers of an alternateGroup become alternates of the register they share an offset with. */
  private static ArrayList<Member> resolveAlternateGroups(List<Member> members) {
    var out = new ArrayList<Member>();
    for (Member m : members) {
      if (m instanceof Register r && "*".equals(r.alternateOf())) {
        String other =
            members.stream()
                .filter(x -> x instanceof Register o && o != r && o.offset() == r.offset())
                .map(Member::name)
                .findFirst()
                .orElse(null);
        out.add(
            new Register(
                r.pos(),
                r.doc(),
                r.name(),
                r.count(),
                r.offset(),
                r.offsetPos(),
                r.stride(),
                r.width(),
                r.access(),
                r.effects(),
                r.effectsPos(),
                r.neutral(),
                r.reset(),
                r.resetPos(),
                other,
                r.fields(),
                r.groups()));
      } else {
        out.add(m);
      }
    }
    return out;
  }

  private Block cluster(
      XmlElement c,
      Defaults inherited,
      String prefix,
      String suffix,
      List<EnumDecl> enums,
      Map<String, XmlElement> enumIndex) {
    var defaults = inherited.from(c, this);
    String rawName = c.text("name").orElse("");
    Optional<Long> offset = c.text("addressOffset").map(s -> number(s, c, "addressOffset"));
    if (offset.isEmpty()) {
      warning(c, "cluster '" + rawName + "' has no <addressOffset>; skipped");
      return null;
    }
    int dim = c.text("dim").map(s -> (int) number(s, c, "dim")).orElse(1);
    long stride = c.text("dimIncrement").map(s -> number(s, c, "dimIncrement")).orElse(0L);
    var members = new ArrayList<Member>();
    Map<String, XmlElement> regByName = new HashMap<>();
    for (XmlElement r : c.all("register")) {
      r.text("name").ifPresent(n -> regByName.put(n, r));
    }
    for (XmlElement r : c.children) {
      if (r.name.equals("register")) {
        Register reg = register(r, regByName, defaults, prefix, suffix, enums, enumIndex);
        if (reg != null) {
          members.add(reg);
        }
      } else if (r.name.equals("cluster")) {
        error(
            r,
            "nested <cluster> '"
                + r.text("name").orElse("")
                + "' in cluster '"
                + rawName
                + "' is not supported");
      }
    }
    return new Block(
        pos(c),
        doc(c),
        identifier(rawName),
        dim,
        offset.get(),
        dim > 1 ? stride : 0,
        resolveAlternateGroups(members));
  }

  private Register register(
      XmlElement r0,
      Map<String, XmlElement> siblings,
      Defaults inherited,
      String prefix,
      String suffix,
      List<EnumDecl> enums,
      Map<String, XmlElement> enumIndex) {
    XmlElement r = r0;
    String base = r.attributes.get("derivedFrom");
    if (base != null) {
      XmlElement b = siblings.get(base);
      if (b == null) {
        error(
            r,
            "register '"
                + r.text("name").orElse("")
                + "' is derivedFrom unknown register '"
                + base
                + "'");
        return null;
      }
      r = r.derive(b);
    }
    String rawName = r.text("name").orElse("");
    if (rawName.isEmpty()) {
      error(r, "<register> has no <name>");
      return null;
    }
    Optional<Long> offset = r.text("addressOffset").map(s -> number(s, r0, "addressOffset"));
    if (offset.isEmpty()) {
      warning(r0, "register '" + rawName + "' has no <addressOffset>; skipped");
      return null;
    }
    var defaults = inherited.from(r, this);
    int width = defaults.size();
    if (width != 8 && width != 16 && width != 32 && width != 64) {
      error(
          r,
          "register '" + rawName + "' has size " + width + " bits; supported are 8, 16, 32 and 64");
      return null;
    }
    long widthMask = width == 64 ? -1L : (1L << width) - 1;
    int dim = r.text("dim").map(s -> (int) number(s, r0, "dim")).orElse(1);
    long stride = r.text("dimIncrement").map(s -> number(s, r0, "dimIncrement")).orElse(0L);
    String name = identifier(prefix + rawName + suffix);
    String regDoc = doc(r);
    if (dim > 1 && r.text("dimIndex").isPresent()) {
      regDoc += (regDoc.isEmpty() ? "" : "\n") + "SVD indices: " + r.text("dimIndex").get() + ".";
    }
    long reset = defaults.reset() & defaults.resetMask() & widthMask;
    Set<Effect> regEffects = EnumSet.noneOf(Effect.class);
    var fields = new ArrayList<Field>();
    List<XmlElement> fieldElems = r.first("fields").map(f -> f.all("field")).orElse(List.of());
    if (fieldElems.isEmpty()) {
      regEffects.addAll(effects(r, rawName));
    }
    long covered = 0;
    for (XmlElement f : fieldElems) {
      Field field = field(f, name, defaults.access(), enums, enumIndex);
      if (field != null) {
        fields.add(field);
        if (field.hi() < 64 && field.lo() <= field.hi()) {
          covered |= field.mask();
        }
      }
    }
    if (!fields.isEmpty()) {
      // Bits no field covers: carried back as read where a read is harmless, otherwise written
      // with their reset value (a preserve bit needs a side-effect-free read to come from).
      boolean harmlessRead =
          defaults.access().readable()
              && regEffects.stream().noneMatch(Effect::onRead)
              && fields.stream().noneMatch(f -> f.effects().stream().anyMatch(Effect::onRead));
      long gaps = widthMask & ~covered;
      int bit = 0;
      while (bit < width) {
        if ((gaps >>> bit & 1) == 0) {
          bit++;
          continue;
        }
        int lo = bit;
        while (bit < width && (gaps >>> bit & 1) != 0) {
          bit++;
        }
        fields.add(
            new Field(
                pos(r),
                "",
                "reserved",
                bit - 1,
                lo,
                pos(r),
                harmlessRead ? Field.Kind.PRESERVE : Field.Kind.RESERVED,
                null,
                pos(r),
                harmlessRead ? null : (reset >>> lo) & ((1L << (bit - lo)) - 1),
                null,
                Set.of(),
                null));
      }
      fields.sort(Comparator.comparingInt(Field::lo));
    }
    String alternate =
        r.text("alternateRegister")
            .map(SvdImporter::identifier)
            .orElse(r.first("alternateGroup").isPresent() ? "*" : null);
    Access access = defaults.access();
    // a register whose fields are all read-only (or all write-only) is that too
    return new Register(
        pos(r0),
        regDoc,
        name,
        dim,
        offset.get(),
        pos(r0),
        dim > 1 ? stride : 0,
        width,
        access,
        regEffects,
        pos(r0),
        null,
        reset,
        pos(r0),
        alternate,
        fields,
        List.of());
  }

  private Field field(
      XmlElement f,
      String reg,
      Access regAccess,
      List<EnumDecl> enums,
      Map<String, XmlElement> enumIndex) {
    String name = f.text("name").orElse("");
    int lo;
    int hi;
    Optional<String> range = f.text("bitRange");
    if (range.isPresent()) {
      String s = range.get();
      var m = java.util.regex.Pattern.compile("\\[(\\d+):(\\d+)]").matcher(s);
      if (!m.matches()) {
        error(f, "field '" + name + "' has malformed <bitRange> '" + s + "'");
        return null;
      }
      hi = Integer.parseInt(m.group(1));
      lo = Integer.parseInt(m.group(2));
    } else if (f.text("lsb").isPresent() || f.text("msb").isPresent()) {
      lo = (int) number(f.text("lsb").orElse("0"), f, "lsb");
      hi = (int) number(f.text("msb").orElse(String.valueOf(lo)), f, "msb");
    } else if (f.text("bitOffset").isPresent()) {
      lo = (int) number(f.text("bitOffset").get(), f, "bitOffset");
      hi = lo + (int) (long) f.text("bitWidth").map(s -> number(s, f, "bitWidth")).orElse(1L) - 1;
    } else {
      error(f, "field '" + name + "' has no bit position (bitRange, lsb/msb or bitOffset)");
      return null;
    }
    Access access = f.text("access").map(a -> access(a, f)).orElse(regAccess);
    Set<Effect> effects = effects(f, name);
    Field.Kind kind = hi == lo ? Field.Kind.BOOL : Field.Kind.UINT;
    String enumName = null;
    Optional<XmlElement> ev = f.first("enumeratedValues");
    if (ev.isPresent()) {
      EnumDecl e = enumeration(ev.get(), reg, name, enumIndex, enums);
      if (e != null) {
        kind = Field.Kind.ENUM;
        enumName = e.name();
      }
    }
    return new Field(
        pos(f),
        doc(f),
        identifier(name),
        hi,
        lo,
        pos(f),
        kind,
        enumName,
        pos(f),
        null,
        access == regAccess ? null : access,
        effects,
        null);
  }

  private EnumDecl enumeration(
      XmlElement ev0,
      String reg,
      String field,
      Map<String, XmlElement> enumIndex,
      List<EnumDecl> enums) {
    XmlElement ev = ev0;
    String base = ev.attributes.get("derivedFrom");
    if (base != null) {
      XmlElement b = enumIndex.get(base);
      if (b == null) {
        error(
            ev, "enumeratedValues of field '" + field + "' is derivedFrom unknown '" + base + "'");
        return null;
      }
      ev = ev.derive(b);
    }
    ev.text("name").ifPresent(n -> enumIndex.putIfAbsent(n, ev0));
    String name = identifier(reg) + "_" + identifier(field);
    var codes = new ArrayList<EnumDecl.Code>();
    var seen = new HashMap<String, Boolean>();
    for (XmlElement v : ev.all("enumeratedValue")) {
      String cname = identifier(v.text("name").orElse("CODE"));
      Optional<String> value = v.text("value");
      if (value.isEmpty()) {
        warning(
            v,
            "enumeratedValue '"
                + cname
                + "' has no <value> (isDefault is not supported);"
                + " skipped");
        continue;
      }
      String s = value.get();
      if (s.startsWith("#") && s.contains("x")) {
        warning(v, "enumeratedValue '" + cname + "' has don't-care bits (" + s + "); skipped");
        continue;
      }
      if (seen.put(cname, true) != null) {
        warning(v, "enumeratedValue '" + cname + "' repeats a name; skipped");
        continue;
      }
      codes.add(new EnumDecl.Code(pos(v), doc(v), cname, number(s, v, "value")));
    }
    if (codes.isEmpty()) {
      return null;
    }
    var e = new EnumDecl(pos(ev0), doc(ev), name, codes);
    enums.add(e);
    return e;
  }

  private Set<Effect> effects(XmlElement e, String name) {
    Set<Effect> out = EnumSet.noneOf(Effect.class);
    e.text("modifiedWriteValues")
        .ifPresent(
            m -> {
              switch (m) {
                case "oneToClear" -> out.add(Effect.W1C);
                case "oneToSet" -> out.add(Effect.W1S);
                case "oneToToggle" -> out.add(Effect.W1T);
                case "zeroToClear" -> out.add(Effect.W0C);
                case "modify" -> {}
                default ->
                    warning(
                        e,
                        "modifiedWriteValues '"
                            + m
                            + "' of '"
                            + name
                            + "' is not supported; treated as a plain write");
              }
            });
    e.text("readAction").ifPresent(a -> out.add(a.equals("clear") ? Effect.RC : Effect.RSE));
    return out;
  }

  Access access(String s, XmlElement e) {
    return switch (s) {
      case "read-only" -> Access.RO;
      case "write-only", "writeOnce" -> Access.WO;
      case "read-write", "read-writeOnce" -> Access.RW;
      default -> {
        error(e, "unknown <access> '" + s + "'");
        yield Access.RW;
      }
    };
  }

  long number(String s, XmlElement e, String what) {
    String t = s.strip().toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("0x")) {
        return Long.parseUnsignedLong(t.substring(2), 16);
      } else if (t.startsWith("#")) {
        return Long.parseUnsignedLong(t.substring(1), 2);
      } else if (t.startsWith("0b")) {
        return Long.parseUnsignedLong(t.substring(2), 2);
      }
      return Long.parseUnsignedLong(t);
    } catch (NumberFormatException ex) {
      error(e, "<" + what + "> '" + s + "' is not a number");
      return 0;
    }
  }

  /** A valid regdsl identifier: other characters become '_', a leading digit gets a '_'. */
  static String identifier(String s) {
    String t = s.replace("[%s]", "").replace("%s", "").replaceAll("[^A-Za-z0-9_]", "_");
    t = t.replaceAll("_+$", "");
    if (t.isEmpty() || !Character.isLetter(t.charAt(0)) && t.charAt(0) != '_') {
      t = "_" + t;
    }
    return t;
  }

  private String doc(XmlElement e) {
    return e.text("description").map(s -> s.replaceAll("\\s+", " ").strip()).orElse("");
  }

  private Pos pos(XmlElement e) {
    return new Pos(file, e.line, e.column);
  }

  private void error(XmlElement e, String message) {
    diagnostics.error(pos(e), "svd: <" + e.name + ">: " + message);
  }

  private void warning(XmlElement e, String message) {
    diagnostics.warning(pos(e), "svd: <" + e.name + ">: " + message);
  }

  private XmlElement parse(String text) {
    String[] lines = text.split("\r?\n", -1);
    try {
      var factory = SAXParserFactory.newInstance();
      factory.setNamespaceAware(false);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      var handler =
          new DefaultHandler() {
            Locator locator;
            final ArrayDeque<XmlElement> stack = new ArrayDeque<>();
            XmlElement root;

            @Override
            public void setDocumentLocator(Locator l) {
              locator = l;
            }

            @Override
            public void startElement(String uri, String local, String qname, Attributes attrs) {
              // the locator points just past the start tag; the caret goes under its '<'
              int line = locator.getLineNumber();
              String text = line <= lines.length ? lines[line - 1] : "";
              int end = Math.min(Math.max(locator.getColumnNumber() - 2, 0), text.length() - 1);
              int col = end < 0 ? 1 : text.lastIndexOf('<', end) + 1;
              var e = new XmlElement(qname, line, Math.max(col, 1));
              for (int i = 0; i < attrs.getLength(); i++) {
                e.attributes.put(attrs.getQName(i), attrs.getValue(i));
              }
              if (stack.isEmpty()) {
                root = e;
              } else {
                stack.peek().children.add(e);
              }
              stack.push(e);
            }

            @Override
            public void endElement(String uri, String local, String qname) {
              stack.pop();
            }

            @Override
            public void characters(char[] ch, int start, int length) {
              stack.peek().text.append(ch, start, length);
            }
          };
      factory.newSAXParser().parse(new InputSource(new StringReader(text)), handler);
      return handler.root;
    } catch (SAXParseException e) {
      diagnostics.error(
          new Pos(file, e.getLineNumber(), Math.max(1, e.getColumnNumber())),
          "svd: malformed XML: " + e.getMessage());
      return null;
    } catch (Exception e) {
      diagnostics.error(new Pos(file, 1, 1), "svd: cannot parse: " + e);
      return null;
    }
  }
}
