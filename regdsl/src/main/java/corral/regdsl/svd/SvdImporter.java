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

  /** Don't-care bits and isDefault fields up to this many bits are expanded into codes. */
  private static final int MAX_EXPANDED_BITS = 4;

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
        members.addAll(
            elements(r, register(r, regByName, defaults, prefix, suffix, enums, enumIndex)));
      } else if (r.name.equals("cluster")) {
        members.addAll(clusters(r, defaults, prefix, suffix, enums, enumIndex));
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
        members.addAll(
            elements(r, register(r, regByName, defaults, prefix, suffix, enums, enumIndex)));
      } else if (r.name.equals("cluster")) {
        members.addAll(flatten(r, defaults, prefix, suffix, enums, enumIndex));
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

  /**
   * A top-level cluster: one block, or with a {@code %s} name that is not an array ({@code CH%s}
   * with dimIndex {@code A,B}) one block per element, named by its index.
   */
  private List<Block> clusters(
      XmlElement c,
      Defaults inherited,
      String prefix,
      String suffix,
      List<EnumDecl> enums,
      Map<String, XmlElement> enumIndex) {
    Block b = cluster(c, inherited, prefix, suffix, enums, enumIndex);
    if (b == null) {
      return List.of();
    }
    String rawName = c.text("name").orElse("");
    List<String> index = listIndex(c, rawName, b.count());
    if (index == null) {
      return List.of(b);
    }
    var out = new ArrayList<Block>();
    for (int i = 0; i < index.size(); i++) {
      out.add(
          new Block(
              b.pos(),
              b.doc(),
              identifier(rawName.replace("%s", index.get(i))),
              1,
              b.offset() + i * b.stride(),
              0,
              b.members()));
    }
    return out;
  }

  /**
   * A cluster inside a cluster, which regdsl blocks cannot nest: its registers, named {@code
   * CLUSTER_REG} (with the element's index for arrays: {@code CH0_CFG}), at offsets relative to the
   * enclosing cluster. Deeper nesting flattens the same way.
   */
  private List<Register> flatten(
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
      return List.of();
    }
    int dim = c.text("dim").map(s -> (int) number(s, c, "dim")).orElse(1);
    long stride = c.text("dimIncrement").map(s -> number(s, c, "dimIncrement")).orElse(0L);
    var inner = new ArrayList<Register>();
    Map<String, XmlElement> regByName = new HashMap<>();
    for (XmlElement r : c.all("register")) {
      r.text("name").ifPresent(n -> regByName.put(n, r));
    }
    for (XmlElement r : c.children) {
      if (r.name.equals("register")) {
        for (Member m :
            elements(r, register(r, regByName, defaults, prefix, suffix, enums, enumIndex))) {
          inner.add((Register) m);
        }
      } else if (r.name.equals("cluster")) {
        inner.addAll(flatten(r, defaults, prefix, suffix, enums, enumIndex));
      }
    }
    List<String> index = dim > 1 ? indices(c, dim) : List.of("");
    if (index == null) {
      return List.of();
    }
    var out = new ArrayList<Register>();
    for (int i = 0; i < index.size(); i++) {
      String element =
          rawName.contains("%s")
              ? rawName.replace("[%s]", index.get(i)).replace("%s", index.get(i))
              : rawName + index.get(i);
      for (Register r : inner) {
        out.add(
            moved(
                r,
                identifier(element) + "_" + r.name(),
                offset.get() + i * stride + r.offset(),
                r.alternateOf() == null || r.alternateOf().equals("*")
                    ? r.alternateOf()
                    : identifier(element) + "_" + r.alternateOf()));
      }
    }
    return out;
  }

  /**
   * A register with a {@code %s} name that is not an array ({@code GPIO_%s} with dimIndex {@code
   * A,B,C}) becomes one register per element, named by its index; others stay as they are.
   */
  private List<Member> elements(XmlElement e, Register r) {
    if (r == null) {
      return List.of();
    }
    String rawName = e.text("name").orElse("");
    List<String> index = listIndex(e, rawName, r.count());
    if (index == null) {
      return List.of(r);
    }
    var out = new ArrayList<Member>();
    for (int i = 0; i < index.size(); i++) {
      Register one = moved(r, r.name(), r.offset() + i * r.stride(), r.alternateOf());
      out.add(
          new Register(
              one.pos(),
              one.doc(),
              identifier(rawName.replace("%s", index.get(i))),
              1,
              one.offset(),
              one.offsetPos(),
              0,
              one.width(),
              one.access(),
              one.effects(),
              one.effectsPos(),
              one.neutral(),
              one.reset(),
              one.resetPos(),
              one.alternateOf(),
              one.fields(),
              one.groups()));
    }
    return out;
  }

  /** The element names of a {@code %s} (not {@code [%s]}) list of {@code dim}, else null. */
  private List<String> listIndex(XmlElement e, String rawName, int dim) {
    if (dim <= 1 || !rawName.contains("%s") || rawName.contains("[%s]")) {
      return null;
    }
    return indices(e, dim);
  }

  /**
   * The {@code dimIndex} of {@code e} as {@code dim} names: {@code A,B,C}, {@code 0-3} or {@code
   * A-D}; without one, 0 .. dim-1. Null (after an error) when it does not name {@code dim}.
   */
  private List<String> indices(XmlElement e, int dim) {
    Optional<String> spec = e.text("dimIndex").map(String::strip);
    var out = new ArrayList<String>();
    if (spec.isEmpty()) {
      for (int i = 0; i < dim; i++) {
        out.add(Integer.toString(i));
      }
      return out;
    }
    String t = spec.get();
    var numbers = java.util.regex.Pattern.compile("(\\d+)-(\\d+)").matcher(t);
    var letters = java.util.regex.Pattern.compile("([A-Z])-([A-Z])").matcher(t);
    if (numbers.matches()) {
      for (int i = Integer.parseInt(numbers.group(1));
          i <= Integer.parseInt(numbers.group(2));
          i++) {
        out.add(Integer.toString(i));
      }
    } else if (letters.matches()) {
      for (char ch = letters.group(1).charAt(0); ch <= letters.group(2).charAt(0); ch++) {
        out.add(String.valueOf(ch));
      }
    } else {
      for (String part : t.split(",")) {
        out.add(part.strip());
      }
    }
    if (out.size() != dim) {
      error(e, "<dimIndex> '" + t + "' names " + out.size() + " elements but <dim> is " + dim);
      return null;
    }
    return out;
  }

  /** {@code r} under another name and offset. */
  private static Register moved(Register r, String name, long offset, String alternateOf) {
    return new Register(
        r.pos(),
        r.doc(),
        name,
        r.count(),
        offset,
        r.offsetPos(),
        r.stride(),
        r.width(),
        r.access(),
        r.effects(),
        r.effectsPos(),
        r.neutral(),
        r.reset(),
        r.resetPos(),
        alternateOf,
        r.fields(),
        r.groups());
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
      EnumDecl e = enumeration(ev.get(), reg, name, hi - lo + 1, enumIndex, enums);
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
      int bits,
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
    var taken = new java.util.HashSet<Long>();
    XmlElement fallback = null;
    for (XmlElement v : ev.all("enumeratedValue")) {
      String cname = identifier(v.text("name").orElse("CODE"));
      Optional<String> value = v.text("value");
      if (value.isEmpty()) {
        if (v.text("isDefault").map(d -> d.strip().equals("true")).orElse(false)) {
          fallback = v;
        } else {
          warning(
              v, "enumeratedValue '" + cname + "' has neither <value> nor <isDefault>; skipped");
        }
        continue;
      }
      String s = value.get().strip().toLowerCase(Locale.ROOT);
      if (seen.put(cname, true) != null) {
        warning(v, "enumeratedValue '" + cname + "' repeats a name; skipped");
        continue;
      }
      if (s.startsWith("#") && s.contains("x")) {
        // don't-care bits: one code per value they match, NAME_<value>
        String pattern = s.substring(1);
        int free = (int) pattern.chars().filter(ch -> ch == 'x').count();
        if (free > MAX_EXPANDED_BITS) {
          warning(
              v,
              "enumeratedValue '"
                  + cname
                  + "' has "
                  + free
                  + " don't-care bits ("
                  + value.get().strip()
                  + "); at most "
                  + MAX_EXPANDED_BITS
                  + " are expanded; skipped");
          continue;
        }
        for (int m = 0; m < 1 << free; m++) {
          long code = 0;
          int k = free;
          for (char ch : pattern.toCharArray()) {
            code = code << 1 | (ch == 'x' ? (m >>> --k) & 1 : ch - '0');
          }
          if (taken.add(code)) {
            codes.add(
                new EnumDecl.Code(
                    pos(v),
                    docWith(v, "SVD code " + value.get().strip() + " (x: don't care)."),
                    cname + "_" + code,
                    code));
          }
        }
        continue;
      }
      long code = number(s, v, "value");
      if (!taken.add(code)) {
        warning(v, "enumeratedValue '" + cname + "' repeats code " + code + "; skipped");
        continue;
      }
      codes.add(new EnumDecl.Code(pos(v), doc(v), cname, code));
    }
    if (fallback != null) {
      String dname = identifier(fallback.text("name").orElse("OTHER"));
      if (bits > MAX_EXPANDED_BITS) {
        warning(
            fallback,
            "enumeratedValue '"
                + dname
                + "' isDefault over a "
                + bits
                + "-bit field; defaults are expanded for fields of at most "
                + MAX_EXPANDED_BITS
                + " bits, so other codes read as empty");
      } else {
        // isDefault: every code the others do not name, NAME_<value>
        for (long code = 0; code < 1L << bits; code++) {
          if (taken.add(code)) {
            codes.add(
                new EnumDecl.Code(
                    pos(fallback),
                    docWith(fallback, "SVD isDefault: a code no other value names."),
                    dname + "_" + code,
                    code));
          }
        }
      }
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

  private String docWith(XmlElement e, String note) {
    String d = doc(e);
    return d.isEmpty() ? note : d + " " + note;
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
