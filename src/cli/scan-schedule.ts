/**
 * Which file each of `sift scan`'s threads scans next (issue 12, folders on worker threads). Every thread is an isolate
 * of its own and warms up its own JIT for whatever it reads: a thread that reads CSV, JSON and text warms up all three
 * readers, and a pool whose threads each read every format pays every format's warm-up once per thread. So files are
 * queued by format (from the name's extension: a guess that only decides who scans a file, never how) and a thread
 * stays on one format while it has files, then moves to the format with the most bytes left that no other thread is
 * on, and only when every format left is taken joins the one with the most bytes left. Within a format the largest
 * files go first, so threads that share a format at the end finish together.
 */
export interface Queued<F extends { path: string; size: number }> {
  file: F;
  /** The file's place in the listing: results are emitted in that order, whatever order they are scanned in. */
  id: number;
}

/** Extensions read by the same reader, scheduled as one format. */
const SAME_READER: Record<string, string> = { jsonl: 'json', ndjson: 'json', tsv: 'csv' };

/** The format a file is queued under: its lowercased extension, readers that are one reader merged. */
export function scheduleFormat(path: string): string {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const dot = name.lastIndexOf('.');
  const ext = dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
  return SAME_READER[ext] ?? ext;
}

interface FormatQueue<F extends { path: string; size: number }> {
  format: string;
  /** Largest first; taken from `next` on. */
  files: Array<Queued<F>>;
  next: number;
  bytesLeft: number;
  /** Threads whose current format this is. */
  threads: number;
}

export class FormatSchedule<F extends { path: string; size: number }> {
  private readonly queues: Array<FormatQueue<F>> = [];
  /** Each thread's current format (by thread number), or absent before its first file. */
  private readonly current = new Map<number, FormatQueue<F>>();

  constructor(files: readonly F[]) {
    const byFormat = new Map<string, FormatQueue<F>>();
    files.forEach((file, id) => {
      const format = scheduleFormat(file.path);
      let q = byFormat.get(format);
      if (!q) byFormat.set(format, (q = { format, files: [], next: 0, bytesLeft: 0, threads: 0 }));
      q.files.push({ file, id });
      q.bytesLeft += file.size;
    });
    for (const q of byFormat.values()) {
      // Stable: equal sizes keep listing order.
      q.files.sort((a, b) => b.file.size - a.file.size || a.id - b.id);
      this.queues.push(q);
    }
  }

  /** The next file for thread `thread` (any number naming one thread), or undefined when every file is taken. */
  take(thread: number): Queued<F> | undefined {
    let q = this.current.get(thread);
    if (!q || q.next >= q.files.length) {
      if (q) q.threads--;
      q = this.pick();
      if (!q) {
        this.current.delete(thread);
        return undefined;
      }
      q.threads++;
      this.current.set(thread, q);
    }
    const item = q.files[q.next++];
    q.bytesLeft -= item.file.size;
    return item;
  }

  /** The format with the most bytes left that no thread is on, else the one with the most bytes left. */
  private pick(): FormatQueue<F> | undefined {
    let free: FormatQueue<F> | undefined;
    let any: FormatQueue<F> | undefined;
    for (const q of this.queues) {
      if (q.next >= q.files.length) continue;
      if (q.threads === 0 && (!free || q.bytesLeft > free.bytesLeft)) free = q;
      if (!any || q.bytesLeft > any.bytesLeft) any = q;
    }
    return free ?? any;
  }

  /** Files not yet taken. */
  get remaining(): number {
    let n = 0;
    for (const q of this.queues) n += q.files.length - q.next;
    return n;
  }
}
