// The generated model types (src/models) describe timestamps as Date; on the wire JSON carries them as ISO strings
// (restJson, Macie) or epoch numbers (awsJson, CloudWatch Logs and CloudTrail). Wire<T> is the model type as JSON.
export type Wire<T> = T extends Date
  ? string | number
  : T extends Uint8Array
    ? string
    : T extends readonly (infer U)[]
      ? Wire<U>[]
      : T extends object
        ? { [K in keyof T]: Wire<T[K]> }
        : T;

/** A wire timestamp as a Date (ISO string, or epoch seconds for awsJson, or epoch ms for Logs' longs). */
export function toDate(v: string | number | undefined, unit: 'ms' | 's' = 'ms'): Date | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return new Date(unit === 's' ? v * 1000 : v);
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export function formatTime(v: string | number | undefined, unit: 'ms' | 's' = 'ms'): string {
  const d = toDate(v, unit);
  return d ? d.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC') : '—';
}
