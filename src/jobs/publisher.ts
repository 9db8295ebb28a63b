// Drains the job event outbox to the sink in order, one call per job stream. At-least-once: an event whose
// publication succeeded but whose mark did not (a crash in between) is published again.
import type { Logger } from '../common/index.js';
import type { Db } from './repo.js';
import type { JobEventSink } from './events.js';

const BATCH = 500;

export class EventPublisher {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly db: Db,
    private readonly sink: JobEventSink,
    private readonly logger?: Logger,
    /**
     * Whether this process publishes, and may now (its lease): only processes holding the CloudWatch Logs store
     * publish (a worker writes events to the outbox only), and one of them at a time.
     */
    private readonly mayPublish: () => Promise<boolean> = async () => true,
  ) {}

  /** Publishes everything pending; concurrent calls share one pass (and ask for another after it). */
  flush(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          if (!(await this.mayPublish())) return;
          while (await this.publishBatch()) {
            /* keep going while full batches come back */
          }
        } while (this.again);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** Starts a flush in the background; failures are logged and retried on the next flush. */
  kick(): void {
    this.flush().catch((err) => this.logger?.warn('job events not published yet', { error: err instanceof Error ? err.message : String(err) }));
  }

  private async publishBatch(): Promise<boolean> {
    const rows = await this.db.selectFrom('macie_job_events').selectAll().where('published', '=', 0).orderBy('seq').limit(BATCH).execute();
    if (rows.length === 0) return false;
    const byJob = new Map<string, typeof rows>();
    for (const r of rows) byJob.set(r.job_id, [...(byJob.get(r.job_id) ?? []), r]);
    for (const [jobId, list] of byJob) {
      const first = list[0]!;
      await this.sink.publish(
        { accountId: first.account_id, region: first.region, jobId },
        list.map((r) => ({ timestamp: Number(r.occurred_at), message: r.message })),
      );
      await this.db.updateTable('macie_job_events').set({ published: 1 }).where('seq', 'in', list.map((r) => r.seq)).execute();
    }
    return rows.length === BATCH;
  }
}
