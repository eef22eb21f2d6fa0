package corral.runtime.rpc.dynamic;

import corral.runtime.rpc.RpcException;
import corral.runtime.rpc.test.ArchiveSchema.Archive;
import corral.runtime.rpc.test.ArchiveSchema.Described;
import corral.runtime.rpc.test.ArchiveSchema.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.capnproto.MessageBuilder;

/**
 * The archive of {@code archive.capnp}, as the schema's comments describe it: the server that
 * dynamic calls and typed calls are both made to. Counts the calls that reach it and the archives
 * it handed out ({@code branch}) that are still referenced.
 */
final class ArchiveServer extends Archive.Server {
  final AtomicInteger calls = new AtomicInteger();
  final AtomicInteger liveBranches;

  /** A permit for each archive handed out by {@code branch} whose last reference was released. */
  final Semaphore releasedBranches;

  private final String label;
  private final boolean branch;
  private final List<MessageBuilder> volumes = new ArrayList<>();

  ArchiveServer(String label) {
    this(label, new AtomicInteger(), new Semaphore(0), false);
  }

  private ArchiveServer(
      String label, AtomicInteger liveBranches, Semaphore releasedBranches, boolean branch) {
    this.label = label;
    this.liveBranches = liveBranches;
    this.releasedBranches = releasedBranches;
    this.branch = branch;
  }

  @Override
  protected void released() {
    if (branch) {
      liveBranches.decrementAndGet();
      releasedBranches.release();
    }
  }

  @Override
  protected void describe(Described.DescribeParams.Reader p, Described.DescribeResults.Builder r) {
    calls.incrementAndGet();
    r.setText("archive " + label + " of " + volumes.size() + " volumes");
    r.setVersion((short) 3);
  }

  @Override
  protected void store(Archive.StoreParams.Reader p, Archive.StoreResults.Builder r) {
    calls.incrementAndGet();
    MessageBuilder kept = new MessageBuilder();
    kept.setRoot(Volume.factory, p.getVolume());
    volumes.add(kept);
    r.setId(volumes.size());
    r.setStored(p.getVolume());
  }

  @Override
  protected void find(Archive.FindParams.Reader p, Archive.FindResults.Builder r) {
    calls.incrementAndGet();
    List<Volume.Reader> found = new ArrayList<>();
    for (MessageBuilder m : volumes) {
      Volume.Reader v = m.getRoot(Volume.factory).asReader();
      boolean onMedium = false;
      for (int i = 0; i < p.getMedia().size(); i++) {
        onMedium |= p.getMedia().get(i) == v.getMedium();
      }
      if (onMedium && Long.compareUnsigned(v.getGeometry().getBlocks(), p.getMinBlocks()) >= 0) {
        found.add(v);
      }
    }
    var list = r.initVolumes(found.size());
    for (int i = 0; i < found.size(); i++) {
      list.setWithCaveats(Volume.factory, i, found.get(i));
    }
  }

  @Override
  protected void checksum(Archive.ChecksumParams.Reader p, Archive.ChecksumResults.Builder r) {
    calls.incrementAndGet();
    byte[] data = p.getData().toArray();
    long sum = p.getSeed();
    byte[] reversed = new byte[data.length];
    for (int i = 0; i < data.length; i++) {
      sum += data[i] & 0xff;
      reversed[data.length - 1 - i] = data[i];
    }
    r.setSum((int) sum);
    r.setReversed(reversed);
  }

  @Override
  protected void scale(Archive.ScaleParams.Reader p, Archive.ScaleResults.Builder r) {
    calls.incrementAndGet();
    var values = p.getValues();
    var out = r.initValues(values.size());
    double total = 0;
    for (int i = 0; i < values.size(); i++) {
      float v = (float) (values.get(i) * p.getFactor());
      out.set(i, v);
      total += v;
    }
    r.setTotal(total);
  }

  @Override
  protected void branch(Archive.BranchParams.Reader p, Archive.BranchResults.Builder r) {
    calls.incrementAndGet();
    liveBranches.incrementAndGet();
    r.setArchive(new ArchiveServer(p.getLabel().toString(), liveBranches, releasedBranches, true));
    r.setLabel(p.getLabel());
  }

  @Override
  protected void refuse(Archive.RefuseParams.Reader p, Archive.RefuseResults.Builder r) {
    calls.incrementAndGet();
    throw new RpcException(RpcException.Kind.fromCode(p.getKind()), p.getReason().toString());
  }

  @Override
  protected void echo(Archive.EchoParams.Reader p, Volume.Builder r) {
    calls.incrementAndGet();
    // A named results struct is filled in field by field; the generated builder has no copy-from.
    Volume.Reader v = p.getValue();
    r.setLabel(v.getLabel());
    r.setMedium(v.getMedium());
    r.setGeometry(v.getGeometry());
    r.setTags(v.getTags());
    r.setSerial(v.getSerial());
    switch (v.getPlace().which()) {
      case SHELVED -> r.getPlace().setShelved(v.getPlace().getShelved());
      case MOUNTED -> r.getPlace().setMounted(v.getPlace().getMounted());
      case LOST -> r.getPlace().setLost(org.capnproto.Void.VOID);
      case _NOT_IN_SCHEMA -> throw RpcException.failed("unknown place");
    }
    r.getHealth().setErrors(v.getHealth().getErrors());
    r.getHealth().setWear(v.getHealth().getWear());
  }
}
