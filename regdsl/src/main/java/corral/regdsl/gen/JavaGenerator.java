package corral.regdsl.gen;

import corral.idl.javasource.JavaIdentifiers;
import corral.idl.javasource.SourceWriter;
import corral.regdsl.lang.Bank;
import corral.regdsl.lang.Block;
import corral.regdsl.lang.Device;
import corral.regdsl.lang.EnumDecl;
import corral.regdsl.lang.Field;
import corral.regdsl.lang.JavaNames;
import corral.regdsl.lang.Member;
import corral.regdsl.lang.Register;
import corral.regdsl.lang.ValueDecl;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes one Java class per device.
 *
 * <pre>
 * var uart = Uart16550.bind(window);                  // claims Uart16550.SIZE bytes
 * uart.lcr().write(v -> v.wordLength(WordLength.BITS8)); // from the reset value
 * uart.latch(l -> l.divisor(12));                     // selects the bank arm, restores it
 * while (!uart.lsr().take().thrEmpty()) Thread.onSpinWait();
 * </pre>
 *
 * <p>Each register is a nested accessor class implementing exactly the {@code corral.regdsl.access}
 * interfaces its access and effects allow, with a nested {@code Value} record holding one snapshot.
 * Loads and stores are single {@code VarHandle} accesses of the declared width with volatile
 * semantics on the window's segment.
 *
 * <p>The device class is open: a driver may extend it (its {@code protected} constructor takes the
 * window) instead of holding a bound instance, which keeps the segment one load closer to the
 * driver's code. Load and store methods are private, so an extending driver changes nothing about
 * what each register allows.
 */
public final class JavaGenerator {
  /** What generated classes import. */
  private static final List<String> IMPORTS =
      List.of(
          "corral.regdsl.access.Acknowledging",
          "corral.regdsl.access.Consuming",
          "corral.regdsl.access.Modifiable",
          "corral.regdsl.access.Readable",
          "corral.regdsl.access.Rewritable",
          "corral.regdsl.access.SelectiveAcknowledging",
          "corral.regdsl.access.Writable",
          "corral.regdsl.window.DeviceLayout",
          "corral.regdsl.window.FakeRegisterFile",
          "corral.regdsl.window.RegisterLayout",
          "corral.regdsl.window.RegisterWindow",
          "corral.regdsl.window.Simulation",
          "java.lang.foreign.MemorySegment",
          "java.lang.foreign.ValueLayout",
          "java.lang.invoke.VarHandle",
          "java.nio.ByteOrder",
          "java.util.ArrayList",
          "java.util.Objects",
          "java.util.Optional",
          "java.util.function.Consumer",
          "java.util.function.UnaryOperator");

  /**
   * Simple type names the generated code refers to: its imports, the {@code java.lang} types it
   * uses and each register's {@code Value} record. A description type whose Java name is one of
   * these, or the name of a class it is nested in, gets a {@code '_'} appended (see {@link
   * #nestedType}), so that no description name can shadow or repeat one of them.
   */
  static final Set<String> GENERATED_TYPES =
      Stream.concat(
              IMPORTS.stream().map(i -> i.substring(i.lastIndexOf('.') + 1)),
              Stream.of(
                  "Value",
                  "Byte",
                  "Short",
                  "Integer",
                  "Long",
                  "Override",
                  "SuppressWarnings",
                  "IllegalArgumentException"))
          .collect(Collectors.toUnmodifiableSet());

  private final String packageName;
  private final String source;
  private final Map<String, EnumDecl> sharedEnums;

  /**
   * @param source the description file name, quoted in the header comment
   * @param sharedEnums top-level enums the device may use; each is nested into the device class
   */
  public JavaGenerator(String packageName, String source, Map<String, EnumDecl> sharedEnums) {
    this.packageName = packageName;
    this.source = source;
    this.sharedEnums = sharedEnums;
  }

  /**
   * Why {@code name} cannot be the package of generated classes ({@code '1bad.pkg' is not a Java
   * package name: '1bad' is not a Java identifier}), or empty when it can.
   */
  public static Optional<String> packageNameProblem(String name) {
    return JavaIdentifiers.packageNameProblem(name);
  }

  /** The class name of {@code device}; the file is this name plus {@code .java}. */
  public static String className(Device device) {
    return nestedType(device.name(), List.of());
  }

  /**
   * The Java type of a description name declared inside the classes {@code enclosing} (or next to
   * types it must not hide): {@link JavaNames#type}, with {@code '_'} appended while it equals a
   * {@link #GENERATED_TYPES generated type} or one of {@code enclosing}. {@code JavaNames.type}
   * ends no name that has a letter or digit with {@code '_'}, so the result cannot equal another
   * description name's type.
   */
  static String nestedType(String name, Collection<String> enclosing) {
    String t = JavaNames.type(name);
    while (GENERATED_TYPES.contains(t) || enclosing.contains(t)) {
      t += "_";
    }
    return t;
  }

  /** The complete source of the device's class. */
  public String generate(Device device) {
    return new DeviceWriter(device).write();
  }

  private final class DeviceWriter {
    private final Device dev;
    private final SourceWriter w = new SourceWriter();
    private final Map<String, EnumDecl> enums = new LinkedHashMap<>();

    /** Selector register name -> selector field, for registers whose selector bits banks own. */
    private final Map<String, Field> selectors = new LinkedHashMap<>();

    /** Registers visible at device level (unbanked and all arms), by name. */
    private final Map<String, Register> deviceRegs = new LinkedHashMap<>();

    private final String cls;

    /** The Java type of each register, block and bank arm, by identity. */
    private final Map<Object, String> types = new IdentityHashMap<>();

    /** The Java type of each enum the device uses, by description name. */
    private final Map<String, String> enumTypes = new HashMap<>();

    DeviceWriter(Device dev) {
      this.dev = dev;
      this.cls = className(dev);
      List<String> inDevice = List.of(cls);
      for (Member m : dev.members()) {
        if (m instanceof Register r) {
          deviceRegs.put(r.name(), r);
          types.put(r, nestedType(r.name(), inDevice));
        } else if (m instanceof Block b) {
          String bt = nestedType(b.name(), inDevice);
          types.put(b, bt);
          for (Member bm : b.members()) {
            if (bm instanceof Register r) {
              types.put(r, nestedType(r.name(), List.of(cls, bt)));
            }
          }
        } else if (m instanceof Bank b) {
          for (Bank.Arm arm : b.arms()) {
            types.put(arm, nestedType(arm.name(), inDevice));
            for (Member am : arm.members()) {
              if (am instanceof Register r) {
                deviceRegs.put(r.name(), r);
                types.put(r, nestedType(r.name(), inDevice));
              }
            }
          }
        }
      }
      for (Member m : dev.members()) {
        if (m instanceof Bank b) {
          Register sel = deviceRegs.get(b.selectorRegister());
          sel.fields().stream()
              .filter(f -> f.name().equals(b.selectorField()))
              .findFirst()
              .ifPresent(f -> selectors.put(sel.name(), f));
        }
      }
      Set<String> used = new HashSet<>();
      collectEnums(dev.members(), used);
      for (EnumDecl e : dev.enums()) {
        enums.put(e.name(), e);
      }
      for (String name : used) {
        if (!enums.containsKey(name) && sharedEnums.containsKey(name)) {
          enums.put(name, sharedEnums.get(name));
        }
      }
      // an enum gives way to the registers, blocks and arms: inside a block class or a value record
      // their types would hide it (an SVD file's CTRL.MODE values are enum CTRL_MODE, which may
      // also be a register)
      var taken = new HashSet<>(types.values());
      taken.add(cls);
      for (String name : enums.keySet()) {
        enumTypes.put(name, nestedType(name, taken));
      }
    }

    private String type(Object registerBlockOrArm) {
      return types.get(registerBlockOrArm);
    }

    private void collectEnums(List<Member> members, Set<String> used) {
      for (Member m : members) {
        switch (m) {
          case Register r ->
              r.fields().stream()
                  .filter(f -> f.kind() == Field.Kind.ENUM)
                  .forEach(f -> used.add(f.enumName()));
          case Block b -> collectEnums(b.members(), used);
          case Bank b -> b.arms().forEach(a -> collectEnums(a.members(), used));
          case ValueDecl v -> {}
        }
      }
    }

    String write() {
      w.line("// Generated by corral regc from " + source + ". Do not edit.");
      w.line("package " + packageName + ";");
      w.blank();
      for (String imp : IMPORTS) {
        w.line("import " + imp + ";");
      }
      w.blank();
      String order = dev.order() == ByteOrder.BIG_ENDIAN ? "big-endian" : "little-endian";
      w.rawJavadoc(
          (dev.doc().isBlank()
                  ? "Device " + dev.name() + "."
                  : SourceWriter.escapeJavadoc(dev.doc()))
              + "\n\n<p>"
              + hex(dev.size())
              + " bytes of registers, "
              + order
              + ". Bind it to the"
              + " register window granted to the instance with {@link #bind}, or extend it: a"
              + " driver class that extends it holds the window's segment itself, one dependent"
              + " load fewer per access than a driver holding a bound device object.");
      w.line("@SuppressWarnings({\"unused\", \"PointlessBitwiseExpression\"})");
      w.open("public class " + cls + " {");
      w.line("/** Bytes of register space the device needs in its window. */");
      w.line("public static final long SIZE = " + hex(dev.size()) + "L;");
      w.blank();
      String bo = dev.order() == ByteOrder.BIG_ENDIAN ? "BIG_ENDIAN" : "LITTLE_ENDIAN";
      w.line("static final VarHandle U8 = ValueLayout.JAVA_BYTE.varHandle();");
      w.line(
          "static final VarHandle U16 = ValueLayout.JAVA_SHORT.withOrder(ByteOrder."
              + bo
              + ").varHandle();");
      w.line(
          "static final VarHandle U32 = ValueLayout.JAVA_INT.withOrder(ByteOrder."
              + bo
              + ").varHandle();");
      w.line(
          "static final VarHandle U64 = ValueLayout.JAVA_LONG.withOrder(ByteOrder."
              + bo
              + ").varHandle();");
      w.blank();
      w.line(
          "/** The device's bytes of the window; accessors are made on demand (and optimised away). */");
      w.line("private final MemorySegment regs;");
      w.line(
          "/** The fake that simulates this device's effects, or null (outside driver tests). */");
      w.line("private final FakeRegisterFile sim;");
      for (Member m : dev.members()) {
        if (m instanceof Bank b) {
          for (Bank.Arm arm : b.arms()) {
            w.line("private final " + type(arm) + " " + armField(arm) + ";");
          }
        }
      }
      w.blank();
      w.rawJavadoc(
          "Claims the first {@link #SIZE} bytes of {@code window}, for a driver class that extends"
              + " this one; a {@link FakeRegisterFile} that simulates effects gets every access.\n\n"
              + "@throws corral.regdsl.window.WindowAccessException when the window is smaller than"
              + " the device");
      w.open("protected " + cls + "(RegisterWindow window) {");
      w.line("this.regs = window.claim(\"" + dev.name() + "\", SIZE);");
      w.line(
          "this.sim = window instanceof FakeRegisterFile fake && fake.simulatesEffects()"
              + " ? fake.simulate(layout()) : null;");
      for (Member m : dev.members()) {
        if (m instanceof Bank b) {
          for (Bank.Arm arm : b.arms()) {
            w.line("this." + armField(arm) + " = new " + type(arm) + "();");
          }
        }
      }
      w.close("}");
      w.blank();
      w.rawJavadoc(
          "Binds to the first {@link #SIZE} bytes of {@code window}.\n\n"
              + "@throws corral.regdsl.window.WindowAccessException when the window is smaller than"
              + " the device");
      w.open("public static " + cls + " bind(RegisterWindow window) {");
      w.line("return new " + cls + "(window);");
      w.close("}");
      ioMethods();
      // accessors
      for (Member m : dev.members()) {
        switch (m) {
          case Register r -> accessor(r, "", null);
          case Block b -> blockAccessor(b);
          case Bank b -> {
            Bank.Arm def = defaultArm(b);
            for (Bank.Arm arm : b.arms()) {
              scope(b, arm);
              if (arm == def) {
                for (Member am : arm.members()) {
                  if (am instanceof Register r) {
                    accessor(
                        r,
                        "Bank arm "
                            + arm.name()
                            + " ("
                            + b.name()
                            + " = "
                            + arm.value()
                            + ") is selected except inside other arms' scopes.",
                        null);
                  } else if (am instanceof ValueDecl v) {
                    value(v, regsVisible(arm));
                  }
                }
              }
            }
          }
          case ValueDecl v -> value(v, deviceRegs);
        }
      }
      for (EnumDecl e : enums.values()) {
        enumDecl(e);
      }
      for (Register r : deviceRegs.values()) {
        registerClass(r, r.count() == 1);
      }
      for (Member m : dev.members()) {
        if (m instanceof Block b) {
          blockClass(b);
        } else if (m instanceof Bank b) {
          for (Bank.Arm arm : b.arms()) {
            armClass(b, arm);
          }
        }
      }
      layoutMethod();
      w.close("}");
      return w.toString();
    }

    /** The device object as seen where an accessor is made: in the device, an arm, or a block. */
    private String devExpr(String base) {
      return base == null ? cls + ".this" : "dev";
    }

    /**
     * The single place every register access goes through: private, so statically bound. An access
     * goes to the segment unless a simulating {@link corral.regdsl.window.FakeRegisterFile} was
     * bound in this JVM ({@code Simulation.active()}, a JIT constant until then) and this device is
     * bound to one; outside driver tests the check folds away.
     */
    private void ioMethods() {
      String[] handles = {"U8", "U16", "U32", "U64"};
      int[] widths = {8, 16, 32, 64};
      for (int i = 0; i < 4; i++) {
        w.blank();
        w.line("/** One volatile " + widths[i] + "-bit load at {@code offset} of {@code regs}. */");
        w.open("private long load" + handles[i] + "(MemorySegment regs, long offset) {");
        w.open("if (Simulation.active() && sim != null) {");
        w.line("return sim.load(offset, " + widths[i] / 8 + ");");
        w.close("}");
        w.line("return " + loadExpr(widths[i], "offset") + ";");
        w.close("}");
        w.blank();
        w.line(
            "/** One volatile "
                + widths[i]
                + "-bit store of exactly {@code bits} at {@code offset} of {@code regs}. */");
        w.open(
            "private void store" + handles[i] + "(MemorySegment regs, long offset, long bits) {");
        w.open("if (Simulation.active() && sim != null) {");
        w.line("sim.store(offset, " + widths[i] / 8 + ", bits);");
        w.line("return;");
        w.close("}");
        w.line(storeStmt(widths[i], "offset") + ";");
        w.close("}");
      }
    }

    private void layoutMethod() {
      w.blank();
      w.rawJavadoc(
          "The registers as a {@link FakeRegisterFile} simulates them: one entry per register,"
              + " array element and block element, with the masks of its effects.");
      w.open("static DeviceLayout layout() {");
      w.line("var all = new ArrayList<RegisterLayout>();");
      String bo = dev.order() == ByteOrder.BIG_ENDIAN ? "BIG_ENDIAN" : "LITTLE_ENDIAN";
      for (Member m : dev.members()) {
        switch (m) {
          case Register r -> layoutEntries(r, "", "0x0L", null);
          case Block b -> {
            w.open("for (int b = 0; b < " + b.count() + "; b++) {");
            w.line("long base = " + hex(b.offset()) + "L + b * " + hex(b.stride()) + "L;");
            for (Member bm : b.members()) {
              if (bm instanceof Register r) {
                layoutEntries(r, b.name(), "base", null);
              }
            }
            w.close("}");
          }
          case Bank b -> {
            Register sel = deviceRegs.get(b.selectorRegister());
            Field f = selectors.get(sel.name());
            for (Bank.Arm arm : b.arms()) {
              String selector =
                  "new RegisterLayout.Selector("
                      + hex(sel.offset())
                      + "L, "
                      + sel.width() / 8
                      + ", "
                      + hex(f.mask())
                      + "L, "
                      + hex((arm.value() << f.lo()) & f.mask())
                      + "L)";
              for (Member am : arm.members()) {
                if (am instanceof Register r) {
                  layoutEntries(r, "", "0x0L", selector);
                }
              }
            }
          }
          case ValueDecl v -> {}
        }
      }
      w.line("return new DeviceLayout(\"" + dev.name() + "\", ByteOrder." + bo + ", all);");
      w.close("}");
    }

    /**
     * Adds the layout of {@code r} (all its elements) inside block {@code block} at {@code base}.
     */
    private void layoutEntries(Register r, String block, String base, String selector) {
      long width = r.width() == 64 ? -1L : (1L << r.width()) - 1;
      long writable = 0;
      long rc = r.effects().contains(corral.regdsl.lang.Effect.RC) ? width : 0;
      boolean rse = r.consumingRead();
      long w1c = 0;
      long w1s = 0;
      long w1t = 0;
      long w0c = 0;
      long trigger = 0;
      for (Field f : r.effectiveFields()) {
        if (r.access().writable() && f.accessIn(r).writable()) {
          writable |= f.mask();
        }
        if (f.effects().contains(corral.regdsl.lang.Effect.RC)) {
          rc |= f.mask();
        }
        if (f.reserved()) {
          continue;
        }
        var fx = RegisterFacts.effects(f, r);
        if (fx.contains(corral.regdsl.lang.Effect.W1C)) {
          w1c |= f.mask();
        }
        if (fx.contains(corral.regdsl.lang.Effect.W1S)) {
          w1s |= f.mask();
        }
        if (fx.contains(corral.regdsl.lang.Effect.W1T)) {
          w1t |= f.mask();
        }
        if (fx.contains(corral.regdsl.lang.Effect.W0C)) {
          w0c |= f.mask();
        }
        if (f.effects().contains(corral.regdsl.lang.Effect.TRIGGER)) {
          trigger |= f.mask();
        }
      }
      boolean sideEffect =
          rse
              && (r.effects().contains(corral.regdsl.lang.Effect.RSE)
                  || r.fields().stream()
                      .anyMatch(f -> f.effects().contains(corral.regdsl.lang.Effect.RSE)));
      String prefix = block.isEmpty() ? "" : block + "[\" + b + \"].";
      String name = "\"" + prefix + r.name();
      String entry =
          "new RegisterLayout("
              + "%s"
              + ", %s, "
              + r.width() / 8
              + ", "
              + r.access().readable()
              + ", "
              + hex(writable)
              + "L, "
              + hex(rc)
              + "L, "
              + sideEffect
              + ", "
              + hex(w1c)
              + "L, "
              + hex(w1s)
              + "L, "
              + hex(w1t)
              + "L, "
              + hex(w0c)
              + "L, "
              + hex(trigger)
              + "L, "
              + (selector == null ? "null" : selector)
              + ")";
      String at = base.equals("0x0L") ? "" : base + " + ";
      if (r.count() > 1) {
        w.open("for (int i = 0; i < " + r.count() + "; i++) {");
        w.line(
            "all.add("
                + entry.formatted(
                    name + "[\" + i + \"]\"",
                    at + hex(r.offset()) + "L + i * " + hex(r.stride()) + "L")
                + ");");
        w.close("}");
      } else {
        w.line("all.add(" + entry.formatted(name + "\"", at + hex(r.offset()) + "L") + ");");
      }
    }

    private Map<String, Register> regsVisible(Bank.Arm arm) {
      Map<String, Register> visible = new LinkedHashMap<>(deviceRegs);
      for (Member m : arm.members()) {
        if (m instanceof Register r) {
          visible.put(r.name(), r);
        }
      }
      return visible;
    }

    private Bank.Arm defaultArm(Bank b) {
      Register sel = deviceRegs.get(b.selectorRegister());
      Field f = selectors.get(sel.name());
      long resetSel = (sel.resetOrZero() & f.mask()) >>> f.lo();
      return b.arms().stream().filter(a -> a.value() == resetSel).findFirst().orElse(null);
    }

    private String armField(Bank.Arm arm) {
      return JavaNames.member(arm.name()) + "Arm";
    }

    /**
     * @param base the expression of the enclosing block's offset, or null at device level, where a
     *     single register is addressed at its constant offset
     */
    private void accessor(Register r, String note, String base) {
      String t = type(r);
      String f = JavaNames.member(r.name());
      String at = base == null ? "" : base + " + ";
      w.blank();
      w.rawJavadoc(summary(r) + (note.isEmpty() ? "" : "\n\n<p>" + note));
      if (r.count() > 1) {
        w.open("public " + t + " " + f + "(int index) {");
        w.line(
            "return new "
                + t
                + "("
                + devExpr(base)
                + ", "
                + at
                + t
                + ".OFFSET + Objects.checkIndex(index, "
                + r.count()
                + ") * "
                + t
                + ".STRIDE);");
      } else {
        w.open("public " + t + " " + f + "() {");
        w.line(
            "return new "
                + t
                + "("
                + devExpr(base)
                + (base == null ? "" : ", " + at + t + ".OFFSET")
                + ");");
      }
      w.close("}");
    }

    private void blockAccessor(Block b) {
      String t = type(b);
      String f = JavaNames.member(b.name());
      w.blank();
      w.rawJavadoc(
          (b.doc().isBlank() ? "Block " + b.name() + "." : SourceWriter.escapeJavadoc(b.doc()))
              + "\n\n<p>"
              + b.count()
              + " at "
              + hex(b.offset())
              + ", every "
              + hex(b.stride())
              + " bytes.");
      if (b.count() > 1) {
        w.open("public " + t + " " + f + "(int index) {");
        w.line(
            "return new "
                + t
                + "(this, "
                + t
                + ".OFFSET + Objects.checkIndex(index, "
                + b.count()
                + ") * "
                + t
                + ".STRIDE);");
      } else {
        w.open("public " + t + " " + f + "() {");
        w.line("return new " + t + "(this, " + t + ".OFFSET);");
      }
      w.close("}");
    }

    private void scope(Bank b, Bank.Arm arm) {
      Register sel = deviceRegs.get(b.selectorRegister());
      Field f = selectors.get(sel.name());
      String selVar = JavaNames.member(sel.name());
      long mask = f.mask();
      long value = (arm.value() << f.lo()) & mask;
      w.blank();
      w.rawJavadoc(
          "Runs {@code body} with bank arm "
              + arm.name()
              + " selected ("
              + b.name()
              + " = "
              + arm.value()
              + "), then restores the selector, also when {@code body}"
              + " throws.\n\n<p>Not for concurrent use: the selector is device state.");
      w.open(
          "public void " + JavaNames.member(arm.name()) + "(Consumer<" + type(arm) + "> body) {");
      w.line(type(sel) + " selector = " + selVar + "();");
      w.line("long saved = selector.load();");
      w.line("selector.store((saved & ~" + hex(mask) + "L) | " + hex(value) + "L);");
      w.open("try {");
      w.line("body.accept(" + armField(arm) + ");");
      w.reopen("} finally {");
      w.line(
          "selector.store((selector.load() & ~"
              + hex(mask)
              + "L) | (saved & "
              + hex(mask)
              + "L));");
      w.close("}");
      w.close("}");
    }

    private void armClass(Bank b, Bank.Arm arm) {
      String t = type(arm);
      w.blank();
      w.rawJavadoc(
          "The registers of bank arm "
              + arm.name()
              + " ("
              + b.name()
              + " = "
              + arm.value()
              + "), valid inside {@link "
              + cls
              + "#"
              + JavaNames.member(arm.name())
              + "}.");
      w.open("public final class " + t + " {");
      w.line("private " + t + "() {}");
      for (Member m : arm.members()) {
        if (m instanceof Register r) {
          accessor(r, "", null);
        } else if (m instanceof ValueDecl v) {
          value(v, regsVisible(arm));
        }
      }
      w.close("}");
    }

    private void blockClass(Block b) {
      String t = type(b);
      w.blank();
      w.rawJavadoc(
          (b.doc().isBlank() ? "Block " + b.name() + "." : SourceWriter.escapeJavadoc(b.doc())));
      w.open("public static final class " + t + " {");
      w.line("/** Offset of the first block in the device's register space. */");
      w.line("public static final long OFFSET = " + hex(b.offset()) + "L;");
      w.line("/** Bytes from one block to the next. */");
      w.line("public static final long STRIDE = " + hex(b.stride()) + "L;");
      w.blank();
      Map<String, Register> regs = new LinkedHashMap<>();
      for (Member m : b.members()) {
        if (m instanceof Register r) {
          regs.put(r.name(), r);
        }
      }
      w.line("private final " + cls + " dev;");
      w.line("/** Offset of this block in the device's register space. */");
      w.line("private final long base;");
      w.blank();
      w.open(t + "(" + cls + " dev, long base) {");
      w.line("this.dev = dev;");
      w.line("this.base = base;");
      w.close("}");
      for (Member m : b.members()) {
        if (m instanceof Register r) {
          accessor(r, "", "base");
        } else if (m instanceof ValueDecl v) {
          value(v, regs);
        }
      }
      for (Register r : regs.values()) {
        registerClass(r, false);
      }
      w.close("}");
    }

    private void value(ValueDecl v, Map<String, Register> visible) {
      List<Register> parts = new ArrayList<>();
      int bits = 0;
      for (String p : v.parts()) {
        Register r = visible.get(p);
        parts.add(r);
        bits += r.width();
      }
      boolean get =
          parts.stream()
              .allMatch(
                  r -> {
                    var facts = RegisterFacts.of(r);
                    return facts.readable() && !facts.consuming();
                  });
      boolean set = parts.stream().allMatch(r -> r.access().writable());
      String name = JavaNames.member(v.name());
      String doc =
          (v.doc().isBlank() ? "" : SourceWriter.escapeJavadoc(v.doc()) + "\n\n")
              + "<p>"
              + v.name()
              + " = "
              + String.join(" # ", v.parts())
              + ": "
              + bits
              + " bits, "
              + (v.signed() ? "signed" : "unsigned")
              + ", most significant part first; parts are accessed in that order.";
      if (get) {
        w.blank();
        w.rawJavadoc(doc);
        w.open("public long " + name + "() {");
        w.line("long v = 0;");
        for (Register r : parts) {
          w.line("v = (v << " + r.width() + ") | " + JavaNames.member(r.name()) + "().load();");
        }
        if (v.signed() && bits < 64) {
          w.line("return (v << " + (64 - bits) + ") >> " + (64 - bits) + ";");
        } else {
          w.line("return v;");
        }
        w.close("}");
      }
      if (set) {
        w.blank();
        w.rawJavadoc(
            doc
                + "\n\n@throws IllegalArgumentException when {@code value} does not fit "
                + bits
                + " bits");
        w.open("public void " + name + "(long value) {");
        rangeCheck(v.name(), "value", bits, v.signed());
        int shift = bits;
        for (Register r : parts) {
          shift -= r.width();
          w.line(
              JavaNames.member(r.name())
                  + "().put((value >>> "
                  + shift
                  + ") & "
                  + hex(mask(r.width()))
                  + "L);");
        }
        w.close("}");
      }
    }

    private void rangeCheck(String what, String var, int bits, boolean signed) {
      if (bits >= 64) {
        return;
      }
      if (signed) {
        long min = -(1L << (bits - 1));
        long max = (1L << (bits - 1)) - 1;
        w.open("if (" + var + " < " + min + "L || " + var + " > " + max + "L) {");
        w.line(
            "throw new IllegalArgumentException(\""
                + what
                + " takes "
                + min
                + ".."
                + max
                + ", not \" + "
                + var
                + ");");
      } else {
        w.open("if (Long.compareUnsigned(" + var + ", " + hex(mask(bits)) + "L) > 0) {");
        w.line(
            "throw new IllegalArgumentException(\""
                + what
                + " takes 0.."
                + mask(bits)
                + ", not \" + Long.toUnsignedString("
                + var
                + "));");
      }
      w.close("}");
    }

    private void enumDecl(EnumDecl e) {
      String t = enumTypes.get(e.name());
      w.blank();
      w.rawJavadoc(
          e.doc().isBlank() ? "Codes of " + e.name() + "." : SourceWriter.escapeJavadoc(e.doc()));
      w.open("public enum " + t + " {");
      for (int i = 0; i < e.codes().size(); i++) {
        EnumDecl.Code c = e.codes().get(i);
        w.javadoc(c.doc());
        w.line(
            JavaNames.constant(c.name())
                + "("
                + hex(c.value())
                + "L)"
                + (i == e.codes().size() - 1 ? ";" : ","));
      }
      if (e.codes().isEmpty()) {
        w.line(";");
      }
      w.blank();
      w.line("private final long code;");
      w.blank();
      w.open(t + "(long code) {");
      w.line("this.code = code;");
      w.close("}");
      w.blank();
      w.line("/** The field value of this code. */");
      w.open("public long code() {");
      w.line("return code;");
      w.close("}");
      w.blank();
      w.line("/** The constant of {@code code}, or empty when the description names none. */");
      w.open("public static Optional<" + t + "> find(long code) {");
      w.open("for (" + t + " e : values()) {");
      w.open("if (e.code == code) {");
      w.line("return Optional.of(e);");
      w.close("}");
      w.close("}");
      w.line("return Optional.empty();");
      w.close("}");
      w.close("}");
    }

    private String summary(Register r) {
      String head =
          r.doc().isBlank() ? "Register " + r.name() + "." : SourceWriter.escapeJavadoc(r.doc());
      String where =
          r.count() > 1
              ? r.count()
                  + " registers at "
                  + hex(r.offset())
                  + ", every "
                  + hex(r.stride())
                  + " bytes"
              : "Offset " + hex(r.offset());
      return head
          + "\n\n<p>"
          + where
          + ", u"
          + r.width()
          + ", "
          + RegisterFacts.describe(r.access(), r.effects())
          + ", reset "
          + hex(r.resetOrZero())
          + ".";
    }

    /**
     * @param fixed whether the register is addressed at its constant offset (a single register
     *     outside blocks): the JIT then folds the alignment and most of the bounds check
     */
    private void registerClass(Register r, boolean fixed) {
      RegisterFacts facts = RegisterFacts.of(r);
      String t = type(r);
      String v = t + ".Value";
      var ifaces = new ArrayList<String>();
      if (facts.readable()) {
        ifaces.add((facts.consuming() ? "Consuming<" : "Readable<") + v + ">");
      }
      boolean preserve = facts.preserveMask() != 0;
      if (facts.writable() && !facts.ackOnly()) {
        ifaces.add((preserve ? "Rewritable<" : "Writable<") + v + ">");
      }
      if (facts.modifiable()) {
        ifaces.add("Modifiable<" + v + ">");
      }
      if (facts.ackOnly()) {
        ifaces.add((preserve ? "Acknowledging<" : "SelectiveAcknowledging<") + v + ">");
      }
      Field selector = selectors.get(r.name());
      w.blank();
      w.rawJavadoc(
          summary(r)
              + (facts.consuming()
                  ? "\n\n<p>Reads have side effects: use {@link" + " #take()}; there is no modify."
                  : "")
              + (selector != null
                  ? "\n\n<p>Field "
                      + selector.name()
                      + " selects register banks;"
                      + " only bank scopes change it, writes keep its current value."
                  : ""));
      w.open(
          "public static final class "
              + t
              + (ifaces.isEmpty() ? "" : " implements " + String.join(", ", ifaces))
              + " {");
      w.line(
          "/** Offset in the "
              + (r.count() > 1 ? "register space of element 0" : "register" + " space")
              + " (block-relative inside a block). */");
      w.line("public static final long OFFSET = " + hex(r.offset()) + "L;");
      if (r.count() > 1) {
        w.line("/** Bytes from one element to the next. */");
        w.line("public static final long STRIDE = " + hex(r.stride()) + "L;");
      }
      w.line("/** Value after reset. */");
      w.line("public static final long RESET = " + hex(r.resetOrZero()) + "L;");
      if (facts.writable()) {
        w.line("/** Bits whose write acts (w1c, w1s, w1t, w0c, trigger). */");
        w.line("static final long ACTION_MASK = " + hex(facts.actionMask()) + "L;");
        w.line("/** The action bits' values that do nothing. */");
        w.line("static final long NEUTRAL = " + hex(facts.neutral()) + "L;");
        if (preserve) {
          w.line("/** Reserved bits written back as read. */");
          w.line("static final long PRESERVE_MASK = " + hex(facts.preserveMask()) + "L;");
        } else {
          w.line("/** Where {@code write(change)} starts. */");
          w.line("static final long WRITE_START = " + hex(facts.writeStart()) + "L;");
        }
      }
      w.blank();
      boolean single = fixed;
      w.line("private final " + cls + " dev;");
      w.line("private final MemorySegment regs;");
      if (single) {
        w.blank();
        w.open(t + "(" + cls + " dev) {");
      } else {
        w.line("private final long offset;");
        w.blank();
        w.open(t + "(" + cls + " dev, long offset) {");
        w.line("this.offset = offset;");
      }
      w.line("this.dev = dev;");
      w.line("this.regs = dev.regs;");
      w.close("}");
      w.blank();
      w.line("/** One volatile " + r.width() + "-bit load. */");
      w.open("long load() {");
      w.line("return dev.loadU" + r.width() + "(regs, " + (single ? "OFFSET" : "offset") + ");");
      w.close("}");
      w.blank();
      w.line("/** One volatile " + r.width() + "-bit store of exactly {@code bits}. */");
      w.open("void store(long bits) {");
      w.line("dev.storeU" + r.width() + "(regs, " + (single ? "OFFSET" : "offset") + ", bits);");
      w.close("}");
      if (facts.writable()) {
        w.blank();
        w.line(
            "/** Stores {@code bits} with must-write bits forced"
                + (selector != null ? " and the bank selector kept" : "")
                + ". */");
        w.open("void put(long bits) {");
        String forced =
            facts.mustMask() == 0
                ? "bits"
                : "(bits & ~" + hex(facts.mustMask()) + "L) | " + hex(facts.mustValue()) + "L";
        if (selector != null) {
          w.line(
              "store((("
                  + forced
                  + ") & ~"
                  + hex(selector.mask())
                  + "L) | (load() & "
                  + hex(selector.mask())
                  + "L));");
        } else {
          w.line("store(" + forced + ");");
        }
        w.close("}");
      }
      if (facts.readable()) {
        w.blank();
        w.line("@Override");
        w.open("public Value " + (facts.consuming() ? "take" : "read") + "() {");
        w.line("return new Value(load());");
        w.close("}");
      }
      if (facts.writable() && !facts.ackOnly()) {
        if (!preserve) {
          w.blank();
          w.line("@Override");
          w.open("public void write(UnaryOperator<Value> change) {");
          w.line("put(change.apply(new Value(WRITE_START)).raw());");
          w.close("}");
        }
        w.blank();
        w.line("@Override");
        w.open("public void write(Value value) {");
        w.line("put(value.raw());");
        w.close("}");
        if (r.fields().isEmpty() && !preserve) {
          w.blank();
          w.line("/** Writes {@code value} to the whole register. */");
          w.open("public void write(long value) {");
          rangeCheck(r.name(), "value", r.width(), false);
          w.line("put(value);");
          w.close("}");
        }
      }
      if (facts.modifiable()) {
        w.blank();
        w.line("@Override");
        w.open("public void modify(UnaryOperator<Value> change) {");
        if (selector != null) {
          // the selector comes from the value just read: one load, not two
          String sel = hex(selector.mask()) + "L";
          w.line("long now = load();");
          w.line("long next = change.apply(new Value((now & ~ACTION_MASK) | NEUTRAL)).raw();");
          w.line(
              "store(("
                  + (facts.mustMask() == 0
                      ? "next"
                      : "((next & ~"
                          + hex(facts.mustMask())
                          + "L) | "
                          + hex(facts.mustValue())
                          + "L)")
                  + " & ~"
                  + sel
                  + ") | (now & "
                  + sel
                  + "));");
        } else {
          w.line("put(change.apply(new Value((load() & ~ACTION_MASK) | NEUTRAL)).raw());");
        }
        w.close("}");
      }
      if (facts.ackOnly()) {
        if (!preserve) {
          w.blank();
          w.line("@Override");
          w.open("public void ack(UnaryOperator<Value> select) {");
          w.line("put(select.apply(new Value(NEUTRAL)).raw());");
          w.close("}");
        }
        w.blank();
        w.line("@Override");
        w.open("public void ack(Value seen) {");
        w.line(
            "put(seen.raw() & "
                + (preserve ? "(ACTION_MASK | PRESERVE_MASK)" : "ACTION_MASK")
                + ");");
        w.close("}");
      }
      valueRecord(r, selector);
      w.close("}");
    }

    private void valueRecord(Register r, Field selector) {
      w.blank();
      w.line("/** One snapshot of " + r.name() + "; withers return a new value. */");
      w.open("public record Value(long raw) {");
      for (Register.Group g : r.groups()) {
        long m = 0;
        for (String fname : g.fields()) {
          for (Field f : r.fields()) {
            if (f.name().equals(fname)) {
              m |= f.mask();
            }
          }
        }
        w.line("/** Group " + g.name() + ": " + String.join(" | ", g.fields()) + ". */");
        w.line("public static final long " + JavaNames.constant(g.name()) + " = " + hex(m) + "L;");
      }
      for (Field f : r.effectiveFields()) {
        if (f.reserved()) {
          continue;
        }
        fieldMethods(r, f, f == selector);
      }
      w.close("}");
    }

    private void fieldMethods(Register r, Field f, boolean isSelector) {
      String n = JavaNames.member(f.name());
      String mask = hex(f.mask()) + "L";
      long max = mask(f.bits());
      String extract =
          f.lo() == 0 && f.bits() == 64 ? "raw" : "((raw >>> " + f.lo() + ") & " + hex(max) + "L)";
      String doc =
          (f.doc().isBlank() ? "" : SourceWriter.escapeJavadoc(f.doc()) + "\n\n<p>")
              + "Bits "
              + f.range()
              + (f.effects().isEmpty()
                  ? ""
                  : ", "
                      + RegisterFacts.describe(f.accessIn(r), f.effects())
                          .substring(f.accessIn(r).keyword().length() + 1))
              + ".";
      boolean writable = f.accessIn(r).writable() && !isSelector;
      w.blank();
      switch (f.kind()) {
        case BOOL -> {
          w.rawJavadoc(doc);
          w.open("public boolean " + n + "() {");
          w.line("return (raw & " + mask + ") != 0;");
          w.close("}");
          if (writable) {
            w.blank();
            w.open("public Value " + n + "(boolean value) {");
            w.line("return new Value(value ? raw | " + mask + " : raw & ~" + mask + ");");
            w.close("}");
          }
        }
        case UINT, SINT -> {
          boolean signed = f.kind() == Field.Kind.SINT;
          w.rawJavadoc(doc);
          w.open("public long " + n + "() {");
          if (signed) {
            w.line("return (raw << " + (63 - f.hi()) + ") >> " + (64 - f.bits()) + ";");
          } else {
            w.line("return " + extract + ";");
          }
          w.close("}");
          if (writable) {
            w.blank();
            w.rawJavadoc(
                "@throws IllegalArgumentException when {@code value} does not fit "
                    + f.bits()
                    + " bits");
            w.open("public Value " + n + "(long value) {");
            rangeCheck(r.name() + "." + f.name(), "value", f.bits(), signed);
            w.line(
                "return new Value((raw & ~"
                    + mask
                    + ") | ((value << "
                    + f.lo()
                    + ") & "
                    + mask
                    + "));");
            w.close("}");
          }
        }
        case ENUM -> {
          String et = enumTypes.get(f.enumName());
          EnumDecl e = enums.get(f.enumName());
          // the raw code's getter gives way to a field of its name (MODE next to MODE_CODE)
          Set<String> fieldNames = new HashSet<>();
          r.fields().forEach(other -> fieldNames.add(JavaNames.member(other.name())));
          String code = n + "Code";
          while (fieldNames.contains(code)) {
            code += "_";
          }
          boolean total =
              f.bits() <= 16
                  && e.codes().stream().map(EnumDecl.Code::value).distinct().count()
                      == (1L << f.bits());
          w.rawJavadoc(
              doc
                  + (total
                      ? ""
                      : "\n\n<p>Empty when the field holds a code "
                          + e.name()
                          + " does not name; see {@link #"
                          + code
                          + "()}."));
          if (total) {
            w.open("public " + et + " " + n + "() {");
            w.line("return " + et + ".find(" + extract + ").orElseThrow();");
          } else {
            w.open("public Optional<" + et + "> " + n + "() {");
            w.line("return " + et + ".find(" + extract + ");");
          }
          w.close("}");
          w.blank();
          w.line("/** The raw code in bits " + f.range() + ". */");
          w.open("public long " + code + "() {");
          w.line("return " + extract + ";");
          w.close("}");
          if (writable) {
            w.blank();
            w.open("public Value " + n + "(" + et + " value) {");
            w.line(
                "return new Value((raw & ~"
                    + mask
                    + ") | ((value.code() << "
                    + f.lo()
                    + ") & "
                    + mask
                    + "));");
            w.close("}");
          }
        }
        default -> {}
      }
    }
  }

  static String loadExpr(int width, String offset) {
    return switch (width) {
      case 8 -> "Byte.toUnsignedLong((byte) U8.getVolatile(regs, " + offset + "))";
      case 16 -> "Short.toUnsignedLong((short) U16.getVolatile(regs, " + offset + "))";
      case 32 -> "Integer.toUnsignedLong((int) U32.getVolatile(regs, " + offset + "))";
      default -> "(long) U64.getVolatile(regs, " + offset + ")";
    };
  }

  static String storeStmt(int width, String offset) {
    return switch (width) {
      case 8 -> "U8.setVolatile(regs, " + offset + ", (byte) bits)";
      case 16 -> "U16.setVolatile(regs, " + offset + ", (short) bits)";
      case 32 -> "U32.setVolatile(regs, " + offset + ", (int) bits)";
      default -> "U64.setVolatile(regs, " + offset + ", bits)";
    };
  }

  static long mask(int bits) {
    return bits >= 64 ? -1L : (1L << bits) - 1;
  }

  static String hex(long v) {
    return "0x" + Long.toHexString(v);
  }
}
