// Access key last use (iam:GetAccessKeyLastUsed) without a database write per request: each use overwrites an entry
// in memory, and the entries are written in one transaction every few seconds and at shutdown. AWS itself reports
// last use with a delay ("up to 4 hours"), so a few seconds is within what clients expect.
import type { Clock, Logger } from '../common/index.js';
import type { AccessKeyUse, IamDirectory } from './directory.js';

export class KeyUsageRecorder {
  private pending = new Map<string, AccessKeyUse>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly directory: Pick<IamDirectory, 'recordKeyUse'>,
    private readonly clock: Clock,
    private readonly logger?: Logger,
    private readonly intervalMs = 5000,
    private readonly maxPending = 10_000,
  ) {}

  /** Long-term keys only (AKIA…); temporary ones have no last-use record in IAM. */
  record(accessKeyId: string, service: string, region: string): void {
    if (!accessKeyId.startsWith('AKIA')) return;
    this.pending.set(accessKeyId, { accessKeyId, at: this.clock.nowMs(), service, region });
    if (this.pending.size >= this.maxPending) void this.flush();
  }

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), this.intervalMs);
    this.timer.unref();
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) return this.flushing;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    this.flushing = this.flushing
      .then(() => this.directory.recordKeyUse(batch))
      .catch((err: unknown) => this.logger?.error('recording access key use failed', { error: err instanceof Error ? err.message : String(err) }));
    return this.flushing;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }
}
