// Which objects of one bucket a run of automated discovery analyses (issue 16). Pure: it sees the bucket's listing
// once, as a stream, and what was analysed before.
//   1. classifiable objects (a supported storage class and file type) that are new or changed since their last
//      analysis come first, then classifiable objects last analysed with other detection settings (a changed
//      template), then objects of unsupported file types never tried; unchanged objects analysed with the same
//      settings, empty objects and objects in storage classes Macie can't read are not selected;
//   2. within a tier, objects are taken in turns from groups of (top-level prefix, file type), so one busy folder or
//      one format doesn't take the whole share; inside a group the order is a hash of run and key: random, but the
//      same when a run is planned again after a restart;
//   3. objects are added while the bucket's share of the run's byte budget allows (one that doesn't fit is passed
//      over for smaller ones), up to `maxObjects`.
// Memory stays bounded on huge buckets: each group keeps at most 2 × maxObjects candidates (the lowest hashes).
export interface ListedObject {
  key: string;
  size: number;
  etag: string;
  storageClass: string;
}

export interface PreviousAnalysis {
  etag: string;
  /** The detection settings' fingerprint at that analysis. */
  template: string;
}

export interface SampleOptions {
  runId: string;
  /** Bytes this bucket may have analysed in the run. */
  shareBytes: number;
  maxObjects: number;
  /** Fingerprint of the detection settings now. */
  template: string;
  readable(storageClass: string): boolean;
  classifiable(key: string, storageClass: string): boolean;
}

export interface SampledObject {
  k: string;
  s: number;
  e: string;
}

/** What the listing showed, for the bucket's profile and the monitoring usage. */
export interface BucketCounts {
  objects: number;
  nonEmpty: number;
  classifiableObjects: number;
  classifiableBytes: number;
}

interface Candidate {
  h: number;
  o: SampledObject;
}

export function topPrefix(key: string): string {
  const slash = key.indexOf('/');
  return slash < 0 ? '' : key.slice(0, slash);
}

function extension(key: string): string {
  const name = key.slice(key.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** FNV-1a over run id and key: a cheap, well-spread order that is the same for the same run (no crypto needed). */
export function rank(runId: string, key: string): number {
  let h = 0x811c9dc5;
  const mix = (s: string) => {
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
  };
  mix(runId);
  mix('\0');
  mix(key);
  return h >>> 0;
}

export class BucketSampler {
  /** tier → group → candidates */
  private readonly tiers: Array<Map<string, Candidate[]>> = [new Map(), new Map(), new Map()];
  readonly counts: BucketCounts = { objects: 0, nonEmpty: 0, classifiableObjects: 0, classifiableBytes: 0 };

  constructor(
    private readonly opts: SampleOptions,
    private readonly previous: ReadonlyMap<string, PreviousAnalysis>,
  ) {}

  add(o: ListedObject): void {
    this.counts.objects++;
    if (o.size > 0) this.counts.nonEmpty++;
    if (!this.opts.readable(o.storageClass) || o.size === 0) return;
    const classifiable = this.opts.classifiable(o.key, o.storageClass);
    if (classifiable) {
      this.counts.classifiableObjects++;
      this.counts.classifiableBytes += o.size;
    }
    if (o.size > this.opts.shareBytes) return;
    const before = this.previous.get(o.key);
    let tier: number;
    if (!classifiable) {
      if (before && before.etag === o.etag) return;
      tier = 2;
    } else if (!before || before.etag !== o.etag) tier = 0;
    else if (before.template !== this.opts.template) tier = 1;
    else return;
    const group = `${topPrefix(o.key)}\0${extension(o.key)}`;
    const groups = this.tiers[tier]!;
    let list = groups.get(group);
    if (!list) groups.set(group, (list = []));
    list.push({ h: rank(this.opts.runId, o.key), o: { k: o.key, s: o.size, e: o.etag } });
    if (list.length > 2 * this.opts.maxObjects) {
      list.sort(byRank);
      list.length = this.opts.maxObjects;
    }
  }

  /** The selection: tier by tier, groups in turns, within the share. */
  select(): SampledObject[] {
    const out: SampledObject[] = [];
    let left = this.opts.shareBytes;
    for (const groups of this.tiers) {
      const queues = [...groups.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, list]) => list.sort(byRank));
      const at = queues.map(() => 0);
      let active = queues.length;
      while (active > 0 && out.length < this.opts.maxObjects && left > 0) {
        active = 0;
        for (let g = 0; g < queues.length && out.length < this.opts.maxObjects; g++) {
          const q = queues[g]!;
          // The group's next candidate that fits; those that don't fit are passed over for good.
          while (at[g]! < q.length && q[at[g]!]!.o.s > left) at[g]!++;
          if (at[g]! >= q.length) continue;
          const c = q[at[g]!++]!;
          out.push(c.o);
          left -= c.o.s;
          active++;
        }
      }
    }
    return out;
  }
}

function byRank(a: Candidate, b: Candidate): number {
  return a.h - b.h || (a.o.k < b.o.k ? -1 : 1);
}
