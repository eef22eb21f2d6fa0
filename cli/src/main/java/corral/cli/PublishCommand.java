package corral.cli;

import corral.classes.Calls;
import corral.runtime.cap.Capability;
import corral.runtime.cap.Caveat;
import corral.runtime.cap.InterfaceCatalog;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code corral publish NAME --methods m1,m2 | --withdraw}: rights anyone resolving NAME gets. */
@Command(
    name = "publish",
    description = {
      "Publish under NAME a cap of its instance granting only --methods: everyone who resolves"
          + " NAME receives it (as everyone may read a world-readable /dev/null). The cap"
          + " published before, if any, is revoked; --withdraw revokes it and publishes none.",
      "Prints the published cap. Methods are names or ordinals, as for 'corral grant'. Needs the"
          + " admin cap."
    })
final class PublishCommand implements Callable<Integer> {
  private final InterfaceCatalog catalog;
  private final CapReader caps;

  @Spec CommandSpec spec;
  @Mixin KernelOptions kernel;

  @Parameters(index = "0", paramLabel = "NAME", description = "the instance's name")
  String name;

  static final class What {
    @Option(
        names = "--methods",
        split = ",",
        required = true,
        paramLabel = "m1,m2",
        description = "the methods everyone may call")
    List<String> methods;

    @Option(names = "--withdraw", required = true, description = "publish no cap (revoke it)")
    boolean withdraw;
  }

  @ArgGroup(multiplicity = "1")
  What what;

  @Option(
      names = "--interface",
      paramLabel = "NAME|0xID",
      description = "the interface that bare method ordinals refer to")
  String iface;

  @Option(names = "--json", description = "print {\"cap\":\"corral1:...\"}")
  boolean json;

  PublishCommand(InterfaceCatalog catalog, CapReader caps) {
    this.catalog = catalog;
    this.caps = caps;
  }

  @Override
  public Integer call() {
    List<Methods.Item> items = what.withdraw ? null : Methods.parse(what.methods);
    String published =
        kernel.admin(
            admin -> {
              String cap = "";
              if (items != null) {
                Capability owner;
                try (var r = Calls.await(admin.ownerCap(p -> p.setName(name)), 30)) {
                  owner = caps.read(r.join().getCap().toString());
                }
                try {
                  cap =
                      owner
                          .derive(
                              new Caveat.Allow(
                                  Methods.resolve(items, owner.rights(), catalog, iface)))
                          .toText();
                } catch (IllegalArgumentException e) {
                  throw new Corral.BadInput(e.getMessage());
                }
              }
              String chosen = cap;
              Calls.await(
                      admin.publish(
                          p -> {
                            p.setName(name);
                            p.setCap(chosen);
                          }),
                      60)
                  .close();
              return cap;
            });
    if (!published.isEmpty()) {
      spec.commandLine()
          .getOut()
          .println(json ? Json.write(Inspect.object("cap", published)) : published);
    }
    return Corral.DONE;
  }
}
