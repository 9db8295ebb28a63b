// Hash routes (#/jobs/abc?x=1): the console is one page under /console/, so any deep link works without server
// support and the browser's back button walks the pages.
import { useEffect, useState } from 'preact/hooks';

export interface Route {
  parts: string[];
  params: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)) };
}

export function href(parts: string[], params?: Record<string, string | undefined>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) if (v !== undefined && v !== '') qs.set(k, v);
  const s = qs.toString();
  return `#/${parts.map(encodeURIComponent).join('/')}${s ? `?${s}` : ''}`;
}

export function go(parts: string[], params?: Record<string, string | undefined>): void {
  window.location.hash = href(parts, params);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const on = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
