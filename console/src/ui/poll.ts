// Refreshes a page while something on it is still changing (a running job), so the user watches it finish.
import { useEffect } from 'preact/hooks';

export function usePoll(active: boolean, reload: () => void, everyMs = 2000): void {
  useEffect(() => {
    if (!active) return;
    const t = setInterval(reload, everyMs);
    return () => clearInterval(t);
  }, [active, reload, everyMs]);
}
