// Resolving an access key costs a few queries; every request needs it. A resolved credential (and the policies
// compiled from it, which hang off it) is kept for as long as IAM's change counter in the store (IamVersion) stays
// where it was when the credential was loaded: any IAM or STS write, by this process or another sharing the
// database, moves the counter, and the next call reloads. Writes by this process also drop the entries at once.
import type { ResolvedCredential } from './identity.js';

/** Where the cache learns IAM's current version (IamVersion). */
export interface VersionSource {
  current(): Promise<string>;
}

export class CredentialCache {
  private generation = 0;
  private readonly entries = new Map<string, { value: ResolvedCredential | undefined; version: string; generation: number }>();

  constructor(
    private readonly version: VersionSource,
    private readonly maxEntries = 10_000,
  ) {}

  /** Called on every IAM or STS write in this process. */
  invalidate(): void {
    this.generation++;
    this.entries.clear();
  }

  async get(accessKeyId: string, load: () => Promise<ResolvedCredential | undefined>): Promise<ResolvedCredential | undefined> {
    const generation = this.generation;
    // Read before loading: what is loaded next is at least as new as this version.
    const version = await this.version.current();
    const hit = this.entries.get(accessKeyId);
    if (hit && hit.version === version && hit.generation === this.generation) return hit.value;
    const value = await load();
    if (generation === this.generation) {
      if (!this.entries.has(accessKeyId) && this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(accessKeyId, { value, version, generation });
    }
    return value;
  }
}
