// Tag sets: the x-amz-tagging header (URL-query form) and S3's limits (10 per object, 50 per bucket, keys up to
// 128 characters, values up to 256, keys unique, no aws: prefix).
import { s3Errors, type Tag } from '../../storage/index.js';

export function parseTaggingHeader(header: string): Tag[] {
  if (header === '') return [];
  return [...new URLSearchParams(header)].map(([Key, Value]) => ({ Key, Value }));
}

export function validateTags(tags: Tag[], max: number): Tag[] {
  // S3 answers too many object tags with BadRequest (400), too many bucket tags with InvalidTag.
  if (tags.length > max) throw max === 10 ? s3Errors.badRequest(`Object tags cannot be greater than ${max}`) : s3Errors.invalidTag(`Bucket tag count cannot be greater than ${max}`);
  const seen = new Set<string>();
  for (const t of tags) {
    if (!t.Key || [...t.Key].length > 128) throw s3Errors.invalidTag('The TagKey you have provided is invalid');
    if ([...(t.Value ?? '')].length > 256) throw s3Errors.invalidTag('The TagValue you have provided is too long');
    if (t.Key.startsWith('aws:')) throw s3Errors.invalidTag('Your TagKey cannot be prefixed with aws:');
    if (seen.has(t.Key)) throw s3Errors.invalidTag('Cannot provide multiple Tags with the same key');
    seen.add(t.Key);
  }
  return tags.map((t) => ({ Key: t.Key, Value: t.Value ?? '' }));
}
