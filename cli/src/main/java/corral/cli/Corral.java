package corral.cli;

import corral.classes.BlockClass;
import corral.regdsl.cli.RegcCommand;
import corral.runtime.cap.CapSchema;
import corral.runtime.cap.InterfaceCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * The {@code corral} command. Each verb is a subcommand class; {@link #main} builds the parts the
 * verbs need (clock, interface catalog, standard input) and passes them down, then exits with the
 * verb's status.
 *
 * <p>Every verb, and every verb added later, inherits from this class ({@code scope = INHERIT}):
 * {@code -h/--help} and {@code -V/--version} (which work without the verb's required options), the
 * version, and the list of exit codes in its help:
 *
 * <ul>
 *   <li>{@value #DONE}: done;
 *   <li>{@value #BAD_INPUT}: bad input or refused, such as a malformed or unreadable cap or a
 *       method the cap does not grant ({@link BadInput}); stderr names what was wrong;
 *   <li>{@value #USAGE}: bad usage, such as an unknown or missing option, or an option value that
 *       is wrong whatever the cap ({@link BadUsage}, picocli's own parse errors); stderr names it
 *       and points to the verb's {@code --help}.
 * </ul>
 */
@Command(
    name = "corral",
    mixinStandardHelpOptions = true,
    versionProvider = Corral.Version.class,
    scope = ScopeType.INHERIT,
    description = "Corral: user-level drivers, password capabilities, Cap'n Proto RPC.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      Corral.DONE + ":done",
      Corral.BAD_INPUT + ":bad input or refused; stderr says what was wrong",
      Corral.USAGE + ":bad usage (an unknown, missing or malformed option); stderr says which"
    },
    subcommands = {
      GrantCommand.class,
      CapCommand.class,
      RegcCommand.class,
      CallCommand.class,
      CompletionCommand.class,
      KernelCommand.class,
      DriversCommand.class,
      PlugCommand.class,
      UnplugCommand.class,
      LsCommand.class,
      HostsCommand.class,
      RevokeCommand.class,
      SwapCommand.class,
      SimCommand.class,
      AliasCommand.class,
      PublishCommand.class,
      UnbindCommand.class
    })
public final class Corral {
  /** Exit status when the verb did what was asked. */
  static final int DONE = 0;

  /** Exit status for bad input: a malformed cap, an unknown method, a refused widening. */
  static final int BAD_INPUT = 1;

  /** Exit status for bad usage: what picocli refuses, and {@link BadUsage}. */
  static final int USAGE = 2;

  private Corral() {}

  public static void main(String[] args) {
    System.exit(
        run(
            args,
            InstantSource.system(),
            System.in,
            new PrintWriter(System.out, true),
            new PrintWriter(System.err, true)));
  }

  /** Runs the command with the given parts; returns the exit status. */
  static int run(
      String[] args, InstantSource clock, InputStream in, PrintWriter out, PrintWriter err) {
    CommandLine cmd = commandLine(clock, in);
    cmd.setOut(out);
    cmd.setErr(err);
    cmd.setParameterExceptionHandler((e, a) -> usageError(e.getCommandLine(), e));
    cmd.setExecutionExceptionHandler(
        (e, c, parseResult) ->
            switch (e) {
              case BadInput b -> {
                c.getErr().println(c.getCommandSpec().qualifiedName() + ": " + b.getMessage());
                yield BAD_INPUT;
              }
              case BadUsage u -> usageError(c, u);
              default -> throw e;
            });
    return cmd.execute(args);
  }

  /**
   * The whole command tree, wired with its parts. Picocli's {@code @file} argument expansion is
   * off: {@code @} starts method ordinals ({@code --methods @0,@2}) and cap files ({@code
   * --cap @FILE}, read by {@link CapReader}), never a file of arguments.
   */
  static CommandLine commandLine(InstantSource clock, InputStream in) {
    // The interfaces whose method names the CLI knows; drivers' interfaces join as they land.
    InterfaceCatalog catalog =
        InterfaceCatalog.ofGenerated(CapSchema.AuthorityAdmin.class, BlockClass.Block.class);
    CapReader caps = new CapReader(in);
    CommandLine cmd =
        new CommandLine(
            new Corral(),
            new CommandLine.IFactory() {
              @Override
              public <K> K create(Class<K> cls) throws Exception {
                if (cls == GrantCommand.class) {
                  return cls.cast(new GrantCommand(clock, catalog, caps));
                }
                if (cls == PublishCommand.class) {
                  return cls.cast(new PublishCommand(catalog, caps));
                }
                if (cls == CallCommand.class) {
                  return cls.cast(new CallCommand(caps));
                }
                if (cls == CapCommand.InspectCommand.class) {
                  return cls.cast(new CapCommand.InspectCommand(catalog, caps));
                }
                return CommandLine.defaultFactory().create(cls);
              }
            });
    cmd.setExpandAtFiles(false);
    return cmd;
  }

  /**
   * Prints a usage error as {@code corral VERB: message}, picocli's suggestions for a mistyped
   * word, and where help is; returns {@link #USAGE}.
   */
  private static int usageError(CommandLine c, Exception e) {
    PrintWriter err = c.getErr();
    String name = c.getCommandSpec().qualifiedName();
    err.println(name + ": " + e.getMessage());
    if (e instanceof CommandLine.ParameterException p) {
      CommandLine.UnmatchedArgumentException.printSuggestions(p, err);
    }
    err.println("Try '" + name + " --help' for more information.");
    return USAGE;
  }

  /** Bad input from the user; its message says what was wrong, with the offending value. */
  static final class BadInput extends RuntimeException {
    BadInput(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Bad usage found by a verb rather than by picocli: an option value that is wrong whatever the
   * cap, or options that together ask for nothing; its message names the option and the value.
   */
  static final class BadUsage extends RuntimeException {
    BadUsage(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * The version every verb prints for {@code --version}: {@code corral} and the build's version.
   */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      try (InputStream in = Corral.class.getResourceAsStream("version.txt")) {
        if (in == null) {
          throw new IOException("corral/cli/version.txt is missing from the build");
        }
        return new String[] {new String(in.readAllBytes(), StandardCharsets.UTF_8).strip()};
      }
    }
  }
}
