// CloudTrail event ids. AWS documents `eventID` only as a GUID CloudTrail generates to identify each event (clients
// treat it as opaque: LookupEvents by EventId compares it whole). Sift's are RFC 9562 version 7 UUIDs: the first 48
// bits are the recording time in milliseconds, the rest the random bits of an ordinary random UUID. Ids made later
// sort after earlier ones, so the unique index on audit_events.event_id grows at its right edge, as the table and its
// time index do: a batch of records dirties one index leaf instead of one leaf per record (with random ids each
// record landed on a different leaf, a WAL frame per record on SQLite and a scattered B-tree page on PostgreSQL).

const HEX = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A version 7 UUID for `ms` (epoch milliseconds) whose other bits come from `uuid`, a random (version 4) UUID: its
 * version nibble becomes 7 and its variant bits are kept. Two ids of different milliseconds compare (as strings, in
 * any locale that orders 0-9 before a-f) in time order; ids of one millisecond keep `uuid`'s randomness.
 */
export function timeOrderedEventId(ms: number, uuid: string): string {
  if (!HEX.test(uuid)) throw new Error(`not a UUID: ${uuid}`);
  const t = Math.min(Math.max(0, Math.floor(ms)), 0xffff_ffff_ffff).toString(16).padStart(12, '0');
  return `${t.slice(0, 8)}-${t.slice(8)}-7${uuid.slice(15)}`;
}
