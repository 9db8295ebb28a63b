// A background timer for sweeps and deliveries: every `everyMs` it starts `run` when `due()` allows, never two runs
// at once. `stop()` clears the timer and waits for the run in flight, so a shutdown never cuts a sweep in half. The
// timer is unref'd: it never keeps a process alive on its own.

export interface PeriodicTask {
  start(): void;
  stop(): Promise<void>;
}

export interface PeriodicTaskOptions {
  everyMs: number;
  run: () => Promise<unknown>;
  /** Whether a run is due at this tick (default: always); read only when no run is in flight. */
  due?: () => boolean;
  /** A failed run is reported here; the next tick tries again. */
  onError: (err: unknown) => void;
}

export function periodicTask(options: PeriodicTaskOptions): PeriodicTask {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  const tick = () => {
    if (running || (options.due && !options.due())) return;
    running = options
      .run()
      .catch(options.onError)
      .finally(() => (running = undefined));
  };
  return {
    start() {
      if (timer) return;
      timer = setInterval(tick, options.everyMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
