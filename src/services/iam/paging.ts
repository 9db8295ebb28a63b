// IAM's Marker pagination over an ordered list.
export function page<T>(items: T[], marker: string | undefined, maxItems: number | undefined) {
  const start = marker ? Number(Buffer.from(marker, 'base64url').toString()) || 0 : 0;
  const size = maxItems ?? 100;
  const slice = items.slice(start, start + size);
  const more = start + size < items.length;
  return { slice, IsTruncated: more, Marker: more ? Buffer.from(String(start + size)).toString('base64url') : undefined };
}
