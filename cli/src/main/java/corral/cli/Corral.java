package corral.cli;

import corral.regdsl.cli.RegcCommand;
import corral.runtime.cap.CapSchema;
import corral.runtime.cap.InterfaceCatalog;
import java.io.PrintWriter;
import java.time.InstantSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code corral} command. Each verb is a subcommand class; {@link #main} builds the parts the
 * verbs need (clock, interface catalog) and passes them down, then exits with the verb's status: 0
 * done, 1 bad input (a message on stderr names what was wrong), 2 bad usage.
 */
@Command(
    name = "corral",
    mixinStandardHelpOptions = true,
    version = "corral 0.1.0",
    description = "Corral: user-level drivers, password capabilities, Cap'n Proto RPC.",
    subcommands = {
      GrantCommand.class,
      CapCommand.class,
      RegcCommand.class,
      KernelCommand.class,
      DriversCommand.class,
      PlugCommand.class,
      UnplugCommand.class,
      LsCommand.class,
      HostsCommand.class,
      RevokeCommand.class,
      SwapCommand.class,
      SimCommand.class
    })
public final class Corral {
  /** Exit status for bad input: a malformed cap, an unknown method, a bad duration. */
  static final int BAD_INPUT = 1;

  private Corral() {}

  public static void main(String[] args) {
    System.exit(
        run(
            args,
            InstantSource.system(),
            new PrintWriter(System.out, true),
            new PrintWriter(System.err, true)));
  }

  /** Runs the command with the given parts; returns the exit status. */
  static int run(String[] args, InstantSource clock, PrintWriter out, PrintWriter err) {
    // The interfaces whose method names the CLI knows; drivers' interfaces join as they land.
    InterfaceCatalog catalog = InterfaceCatalog.ofGenerated(CapSchema.AuthorityAdmin.class);
    CommandLine cmd =
        new CommandLine(
            new Corral(),
            new CommandLine.IFactory() {
              @Override
              public <K> K create(Class<K> cls) throws Exception {
                if (cls == GrantCommand.class) {
                  return cls.cast(new GrantCommand(clock, catalog));
                }
                if (cls == CapCommand.InspectCommand.class) {
                  return cls.cast(new CapCommand.InspectCommand(catalog));
                }
                return CommandLine.defaultFactory().create(cls);
              }
            });
    cmd.setOut(out);
    cmd.setErr(err);
    cmd.setExecutionExceptionHandler(
        (e, c, parseResult) -> {
          if (e instanceof BadInput) {
            c.getErr().println(c.getCommandSpec().qualifiedName() + ": " + e.getMessage());
            return BAD_INPUT;
          }
          throw e;
        });
    return cmd.execute(args);
  }

  /** Bad input from the user; its message says what was wrong, with the offending value. */
  static final class BadInput extends RuntimeException {
    BadInput(String message) {
      super(message, null, false, false);
    }
  }
}
