// Resolving an access key costs a few queries; every request needs it. Resolved credentials are kept briefly and
// dropped at once when this process changes IAM (a generation counter), and after a few seconds otherwise, so that
// other API processes' changes (scale-out) are seen as quickly as IAM's own eventual consistency would show them.
import type { Clock } from '../common/index.js';
import type { ResolvedCredential } from './identity.js';

export class CredentialCache {
  private generation = 0;
  private readonly entries = new Map<string, { value: ResolvedCredential | undefined; at: number; generation: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = 5000,
    private readonly maxEntries = 10_000,
  ) {}

  /** Called on every IAM or STS write in this process. */
  invalidate(): void {
    this.generation++;
    this.entries.clear();
  }

  async get(accessKeyId: string, load: () => Promise<ResolvedCredential | undefined>): Promise<ResolvedCredential | undefined> {
    const now = this.clock.nowMs();
    const hit = this.entries.get(accessKeyId);
    if (hit && hit.generation === this.generation && now - hit.at < this.ttlMs && now >= hit.at) return hit.value;
    const generation = this.generation;
    const value = await load();
    if (generation === this.generation) {
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(accessKeyId, { value, at: now, generation });
    }
    return value;
  }
}
