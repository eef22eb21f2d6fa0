package corral.runtime.kernel;

import corral.classes.KernelSchema;
import corral.classes.KernelSchema.KernelAdmin;
import corral.classes.KernelWire;
import corral.classes.NamingSchema;
import corral.runtime.cap.InterfaceCatalog;
import corral.runtime.component.ConfigKey;
import corral.runtime.component.DriverCatalog;
import corral.runtime.rpc.RpcException;
import java.util.List;
import java.util.Map;

/** What the admin cap opens: the device manager's operations and listings. */
final class AdminEndpoint extends KernelAdmin.Server {
  private final DeviceManager devices;

  private final NamingSchema.NameService.Client names;

  /**
   * @param names the namespace with the administrator's rights (all but the kernel's instances)
   */
  AdminEndpoint(DeviceManager devices, NamingSchema.NameService.Client names) {
    super(true);
    this.devices = devices;
    this.names = names;
  }

  @Override
  protected void names(KernelAdmin.NamesParams.Reader p, KernelAdmin.NamesResults.Builder r) {
    r.setRoot(names);
  }

  @Override
  protected void publish(KernelAdmin.PublishParams.Reader p, KernelAdmin.PublishResults.Builder r) {
    r.setRevision(devices.publish(p.getName().toString(), p.getCap().toString()));
  }

  @Override
  protected void plug(KernelAdmin.PlugParams.Reader p, KernelAdmin.PlugResults.Builder r) {
    DeviceManager.Plugged plugged =
        devices.plug(
            p.getDriver().toString(),
            p.getName().toString(),
            p.getGroup().toString(),
            KernelWire.settings(p.getSettings()),
            DriversText.of(p.getJvmOptions()),
            p.getRestartBudget());
    r.setCap(plugged.cap());
    r.setInstanceId(plugged.instanceId());
    r.setHost(plugged.host());
  }

  @Override
  protected void unplug(KernelAdmin.UnplugParams.Reader p, KernelAdmin.UnplugResults.Builder r) {
    devices.unplug(p.getName().toString());
  }

  @Override
  protected void drivers(KernelAdmin.DriversParams.Reader p, KernelAdmin.DriversResults.Builder r) {
    List<DriverCatalog.Entry> entries = devices.catalog().entries();
    var list = r.initDrivers(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      DriverCatalog.Entry e = entries.get(i);
      KernelSchema.DriverInfo.Builder d = list.get(i);
      d.setName(e.driver().name());
      d.setSummary(e.driver().summary());
      List<InterfaceCatalog.Entry> ifs = e.driver().interfaces();
      var il = d.initInterfaces(ifs.size());
      for (int j = 0; j < ifs.size(); j++) {
        il.set(
            j,
            new org.capnproto.Text.Reader(
                ifs.get(j).name() + " (0x" + Long.toHexString(ifs.get(j).interfaceId()) + ")"));
      }
      List<ConfigKey> keys = e.driver().config();
      var kl = d.initConfig(keys.size());
      for (int j = 0; j < keys.size(); j++) {
        ConfigKey k = keys.get(j);
        kl.get(j).setKey(k.key());
        kl.get(j).setType(k.type().label());
        kl.get(j).setDefault(k.defaultValue().orElse(""));
        kl.get(j).setRequired(k.required());
        kl.get(j).setHelp(k.help());
      }
      var res = e.driver().resources();
      var rl = d.initResources(res.size());
      for (int j = 0; j < res.size(); j++) {
        rl.set(j, new org.capnproto.Text.Reader(res.get(j).toString()));
      }
      d.setSource(e.source());
    }
  }

  @Override
  protected void instances(
      KernelAdmin.InstancesParams.Reader p, KernelAdmin.InstancesResults.Builder r) {
    List<DeviceManager.InstanceView> all = devices.instances();
    var list = r.initInstances(all.size());
    for (int i = 0; i < all.size(); i++) {
      DeviceManager.InstanceView v = all.get(i);
      KernelSchema.InstanceInfo.Builder b = list.get(i);
      b.setName(v.name());
      b.setInstanceId(v.id());
      b.setDriver(v.driver());
      b.setHost(v.host());
      b.setState(v.state());
      KernelWire.writeSettings(new java.util.TreeMap<>(v.settings()), b::initSettings);
    }
  }

  @Override
  protected void hosts(KernelAdmin.HostsParams.Reader p, KernelAdmin.HostsResults.Builder r) {
    List<DeviceManager.HostView> all = devices.hosts();
    var list = r.initHosts(all.size());
    for (int i = 0; i < all.size(); i++) {
      DeviceManager.HostView v = all.get(i);
      KernelSchema.HostInfo.Builder b = list.get(i);
      b.setId(v.id());
      b.setGroup(v.group());
      b.setPid(v.pid());
      b.setState(v.state());
      b.setRestarts(v.restarts());
      b.setAddress(v.address());
      var names = b.initInstances(v.instances().size());
      for (int j = 0; j < v.instances().size(); j++) {
        names.set(j, new org.capnproto.Text.Reader(v.instances().get(j)));
      }
    }
  }

  @Override
  protected void ownerCap(
      KernelAdmin.OwnerCapParams.Reader p, KernelAdmin.OwnerCapResults.Builder r) {
    r.setCap(devices.ownerCap(p.getName().toString()));
  }

  @Override
  protected void revoke(KernelAdmin.RevokeParams.Reader p, KernelAdmin.RevokeResults.Builder r) {
    r.setRevoked(devices.revoke(p.getCap().toString()));
  }

  @Override
  protected void revokeAll(
      KernelAdmin.RevokeAllParams.Reader p, KernelAdmin.RevokeAllResults.Builder r) {
    r.setCap(devices.revokeAll(p.getName().toString()));
  }

  @Override
  protected void swap(KernelAdmin.SwapParams.Reader p, KernelAdmin.SwapResults.Builder r) {
    r.setHost(
        devices.swap(
            p.getName().toString(),
            p.getDriver().toString(),
            KernelWire.settings(p.getSettings())));
  }

  @Override
  protected void attach(KernelAdmin.AttachParams.Reader p, KernelAdmin.AttachResults.Builder r) {
    DeviceManager.Device d =
        devices.attach(
            p.getModel().toString(),
            p.getId().toString(),
            KernelWire.settings(p.getSettings()),
            resources(p.getResources()));
    r.setId(d.id());
    r.setName(d.name());
    r.setDriver(d.driver());
    r.setDirectory(d.directory().toString());
  }

  @Override
  protected void detach(KernelAdmin.DetachParams.Reader p, KernelAdmin.DetachResults.Builder r) {
    r.setName(devices.detach(p.getId().toString()).name());
  }

  /** A device's resources: name → window length, 0 for an event line; a name given twice fails. */
  private static Map<String, Long> resources(
      org.capnproto.StructList.Reader<KernelSchema.DeviceResource.Reader> list) {
    Map<String, Long> out = new java.util.LinkedHashMap<>();
    for (var r : list) {
      String name = r.getName().toString();
      if (out.put(name, r.getLength()) != null) {
        throw RpcException.failed("resource " + name + " is declared twice");
      }
    }
    return out;
  }

  /** A text list as strings. */
  private static final class DriversText {
    static List<String> of(org.capnproto.TextList.Reader list) {
      List<String> out = new java.util.ArrayList<>();
      for (var t : list) {
        out.add(t.toString());
      }
      return out;
    }
  }
}
