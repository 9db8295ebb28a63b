// Reveal requests in flight and their outcome, in memory only. Macie answers GetSensitiveDataOccurrences with
// PROCESSING while it retrieves the samples, then SUCCESS (with them) or ERROR; it keeps the samples only briefly
// ("permanently deletes the data from the cache soon after"). Sift does the same: an outcome lives here for
// `ttlMs` after it is ready, is never written anywhere, and is keyed by the caller as well as the finding, since with
// CALLER_CREDENTIALS what may be read depends on who asks.
import type { Clock } from '../../../common/index.js';

export type RevealOutcome = { status: 'SUCCESS'; samples: Record<string, string[]> } | { status: 'ERROR'; error: string };

interface Entry {
  outcome?: RevealOutcome;
  readyAt?: number;
}

export class RevealRetrievals {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    /** Most requests held at once (older outcomes are dropped first). */
    private readonly maxEntries = 1000,
  ) {}

  /** One request: the finding, who asks, and how objects are read (a changed configuration starts afresh). */
  static keyOf(accountId: string, region: string, findingId: string, callerArn: string, access: string): string {
    return `${accountId}\u0000${region}\u0000${findingId}\u0000${callerArn}\u0000${access}`;
  }

  /**
   * PROCESSING, the outcome, or undefined when nothing is held (never asked, or expired). An ERROR is answered once
   * and then forgotten, so the caller's next request retries once the cause (a role, a policy) is fixed.
   */
  get(key: string): RevealOutcome | { status: 'PROCESSING' } | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (!e.outcome) return { status: 'PROCESSING' };
    if (this.clock.nowMs() - e.readyAt! >= this.ttlMs || e.outcome.status === 'ERROR') this.entries.delete(key);
    if (this.clock.nowMs() - e.readyAt! >= this.ttlMs) return undefined;
    return e.outcome;
  }

  /** Starts `work` for `key` unless it is already held; the outcome is kept when it settles. */
  start(key: string, work: () => Promise<RevealOutcome>): void {
    if (this.entries.has(key)) return;
    this.evict();
    const entry: Entry = {};
    this.entries.set(key, entry);
    void work()
      .catch((): RevealOutcome => ({ status: 'ERROR', error: 'An internal error occurred while Macie retrieved the sensitive data.' }))
      .then((outcome) => {
        if (this.entries.get(key) !== entry) return;
        entry.outcome = outcome;
        entry.readyAt = this.clock.nowMs();
      });
  }

  /** Forgets everything (shutdown). */
  clear(): void {
    this.entries.clear();
  }

  private evict(): void {
    const now = this.clock.nowMs();
    for (const [k, e] of this.entries) if (e.outcome && now - e.readyAt! >= this.ttlMs) this.entries.delete(k);
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}
