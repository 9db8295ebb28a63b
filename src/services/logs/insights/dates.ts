/**
 * formatDate (alias strftime) and parseDate: a timestamp as text with a strftime-style format, and text read with a
 * Java DateTimeFormatter pattern, as AWS's datetime function table describes them, each in UTC or a named IANA time
 * zone. A format or pattern letter outside the supported sets (listed in docs/limits.md) makes the query malformed
 * when the format is written in the query, and the value absent when it comes from a field.
 */

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The wall-clock fields of `ms` in `zone` (undefined: UTC), and the zone's offset from UTC in minutes. */
interface Wall {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  weekday: number; // 0 = Sunday
  offsetMin: number;
}

const zoneFormats = new Map<string, Intl.DateTimeFormat | null>();

function zoneFormat(zone: string): Intl.DateTimeFormat | null {
  let f = zoneFormats.get(zone);
  if (f !== undefined) return f;
  try {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  } catch {
    f = null;
  }
  if (zoneFormats.size < 256) zoneFormats.set(zone, f);
  return f;
}

/** Minutes `zone` is ahead of UTC at the instant `ms`, or undefined for an unknown zone. */
function zoneOffset(ms: number, zone: string | undefined): number | undefined {
  if (zone === undefined || /^(utc|gmt|z)$/i.test(zone)) return 0;
  const fixed = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (fixed) return (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3]));
  const f = zoneFormat(zone);
  if (!f) return undefined;
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return Math.round((asUtc - (ms - (((ms % 1000) + 1000) % 1000))) / 60000);
}

function wall(ms: number, zone: string | undefined): Wall | undefined {
  const offsetMin = zoneOffset(ms, zone);
  if (offsetMin === undefined) return undefined;
  const d = new Date(ms + offsetMin * 60000);
  if (Number.isNaN(d.getTime())) return undefined;
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), ms: d.getUTCMilliseconds(), weekday: d.getUTCDay(), offsetMin };
}

const offsetText = (min: number, colon: boolean) => `${min < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(min) / 60))}${colon ? ':' : ''}${pad(Math.abs(min) % 60)}`;

const STRFTIME: Record<string, (w: Wall, ms: number) => string> = {
  Y: (w) => String(w.year),
  y: (w) => pad(w.year % 100),
  m: (w) => pad(w.month),
  d: (w) => pad(w.day),
  e: (w) => String(w.day).padStart(2, ' '),
  H: (w) => pad(w.hour),
  I: (w) => pad(w.hour % 12 === 0 ? 12 : w.hour % 12),
  M: (w) => pad(w.minute),
  S: (w) => pad(w.second),
  L: (w) => pad(w.ms, 3),
  f: (w) => pad(w.ms * 1000, 6),
  p: (w) => (w.hour < 12 ? 'AM' : 'PM'),
  j: (w) => pad(Math.round((Date.UTC(w.year, w.month - 1, w.day) - Date.UTC(w.year, 0, 1)) / 86400000) + 1, 3),
  a: (w) => DAYS[w.weekday].slice(0, 3),
  A: (w) => DAYS[w.weekday],
  b: (w) => MONTHS[w.month - 1].slice(0, 3),
  h: (w) => MONTHS[w.month - 1].slice(0, 3),
  B: (w) => MONTHS[w.month - 1],
  u: (w) => String(w.weekday === 0 ? 7 : w.weekday),
  w: (w) => String(w.weekday),
  z: (w) => offsetText(w.offsetMin, false),
  s: (_w, ms) => String(Math.floor(ms / 1000)),
  F: (w) => `${w.year}-${pad(w.month)}-${pad(w.day)}`,
  T: (w) => `${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`,
  D: (w) => `${pad(w.month)}/${pad(w.day)}/${pad(w.year % 100)}`,
  R: (w) => `${pad(w.hour)}:${pad(w.minute)}`,
  '%': () => '%',
};

/** The first strftime directive `format` uses that is not supported, if any. */
export function unsupportedStrftime(format: string): string | undefined {
  for (let i = 0; i < format.length; i++) {
    if (format[i] !== '%') continue;
    const c = format[++i];
    if (c === undefined || !STRFTIME[c]) return `%${c ?? ''}`;
  }
  return undefined;
}

/** `ms` as text by a strftime-style format, in `zone` (UTC when undefined); undefined for a bad format or zone. */
export function formatDate(ms: number, format: string, zone: string | undefined): string | undefined {
  if (unsupportedStrftime(format) !== undefined) return undefined;
  const w = wall(ms, zone);
  if (!w) return undefined;
  return format.replace(/%(.)/g, (_m, c: string) => STRFTIME[c](w, ms));
}

type Token = { lit: string } | { field: string; width: number };

/** The letters of a Java DateTimeFormatter pattern Sift reads (docs/limits.md). */
const PATTERN_LETTERS = new Set(['y', 'u', 'M', 'd', 'H', 'h', 'a', 'm', 's', 'S', 'X', 'x', 'Z', 'E']);

/** A Java DateTimeFormatter pattern as tokens, or a message naming what it cannot read. */
export function compilePattern(pattern: string): Token[] | string {
  const out: Token[] = [];
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i];
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end < 0) return `unterminated quote in date pattern ${pattern}`;
      out.push({ lit: end === i + 1 ? "'" : pattern.slice(i + 1, end) });
      i = end + 1;
    } else if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (pattern[j] === c) j++;
      if (!PATTERN_LETTERS.has(c)) return `the pattern letter ${c} is not supported in parseDate`;
      out.push({ field: c, width: j - i });
      i = j;
    } else {
      out.push({ lit: c });
      i++;
    }
  }
  return out;
}

const patterns = new Map<string, Token[] | string>();

/** Epoch ms of `text` read by a Java DateTimeFormatter pattern, in `zone` unless the text has an offset; undefined when it does not match. */
export function parseDate(text: string, pattern: string, zone: string | undefined): number | undefined {
  let tokens = patterns.get(pattern);
  if (tokens === undefined) {
    tokens = compilePattern(pattern);
    if (patterns.size < 256) patterns.set(pattern, tokens);
  }
  if (typeof tokens === 'string') return undefined;
  let year = 1970;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let frac = 0;
  let pm: boolean | undefined;
  let offsetMin: number | undefined;
  let i = 0;
  const digits = (min: number, max: number): number | undefined => {
    let j = i;
    while (j < text.length && j - i < max && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
    if (j - i < min) return undefined;
    const v = Number(text.slice(i, j));
    i = j;
    return v;
  };
  for (const t of tokens) {
    if ('lit' in t) {
      if (!text.startsWith(t.lit, i)) return undefined;
      i += t.lit.length;
      continue;
    }
    const w = t.width;
    let v: number | undefined;
    switch (t.field) {
      case 'y':
      case 'u':
        v = w === 2 ? digits(2, 2) : digits(w, 9);
        if (v === undefined) return undefined;
        year = w === 2 ? 2000 + v : v;
        break;
      case 'M':
        if (w >= 3) {
          const names = w === 3 ? MONTHS.map((n) => n.slice(0, 3)) : MONTHS;
          const k = names.findIndex((n) => text.slice(i, i + n.length).toLowerCase() === n.toLowerCase());
          if (k < 0) return undefined;
          i += names[k].length;
          month = k + 1;
        } else {
          v = digits(w, 2);
          if (v === undefined) return undefined;
          month = v;
        }
        break;
      case 'E': {
        const names = w >= 4 ? DAYS : DAYS.map((n) => n.slice(0, 3));
        const k = names.findIndex((n) => text.slice(i, i + n.length).toLowerCase() === n.toLowerCase());
        if (k < 0) return undefined;
        i += names[k].length;
        break;
      }
      case 'd':
      case 'H':
      case 'h':
      case 'm':
      case 's':
        v = digits(w, 2);
        if (v === undefined) return undefined;
        if (t.field === 'd') day = v;
        else if (t.field === 'H' || t.field === 'h') hour = v;
        else if (t.field === 'm') minute = v;
        else second = v;
        break;
      case 'S': {
        const start = i;
        v = digits(w, w);
        if (v === undefined) return undefined;
        frac = Number(`0.${text.slice(start, i)}`);
        break;
      }
      case 'a': {
        const ap = text.slice(i, i + 2).toUpperCase();
        if (ap !== 'AM' && ap !== 'PM') return undefined;
        pm = ap === 'PM';
        i += 2;
        break;
      }
      case 'X':
      case 'x':
      case 'Z': {
        if (t.field === 'X' && text[i] === 'Z') {
          offsetMin = 0;
          i++;
          break;
        }
        const m = /^([+-])(\d{2})(?::?(\d{2}))?/.exec(text.slice(i));
        if (!m) return undefined;
        offsetMin = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
        i += m[0].length;
        break;
      }
    }
  }
  if (i !== text.length) return undefined;
  if (pm !== undefined) hour = (hour % 12) + (pm ? 12 : 0);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  const local = Date.UTC(year, month - 1, day, hour, minute, second) + Math.round(frac * 1000);
  if (new Date(local).getUTCDate() !== day) return undefined; // 31 April and the like
  if (offsetMin !== undefined) return local - offsetMin * 60000;
  // A zone's offset at the wall time: take it at the instant read as UTC, then once more at the corrected instant.
  const first = zoneOffset(local, zone);
  if (first === undefined) return undefined;
  const second_ = zoneOffset(local - first * 60000, zone);
  return local - (second_ ?? first) * 60000;
}
