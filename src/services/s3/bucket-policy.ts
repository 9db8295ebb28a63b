// PutBucketPolicy's checks, in S3's words (MalformedPolicy, 400): valid JSON, at most 20 KB once whitespace is
// removed, a Statement, and in each statement an Effect, a Principal (or NotPrincipal), an Action and a Resource;
// actions must be S3's, resources this bucket or its objects, principals well-formed. The IAM grammar (condition
// operators, versions, element types) is IAM's parser's, reported as MalformedPolicy.
import { checkPolicyDocument } from '../../iam/index.js';
import { wildcardMatch } from '../../iam/policy/index.js';
import { s3Errors } from '../../storage/index.js';

/** S3's bucket policy size quota. */
export const MAX_BUCKET_POLICY_BYTES = 20 * 1024;

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

const AWS_PRINCIPAL = /^(\*|\d{12}|arn:aws:iam::\d{12}:(root|user\/.+|role\/.+)|arn:aws:sts::\d{12}:assumed-role\/.+\/.+)$/;
const S3_ACTION = /^(\*|s3:[A-Za-z*?]+|s3-object-lambda:[A-Za-z*?]+)$/;

function checkPrincipal(p: unknown): void {
  if (p === '*') return;
  if (!p || typeof p !== 'object' || Array.isArray(p)) throw s3Errors.malformedPolicy('Invalid principal in policy');
  for (const [type, values] of Object.entries(p as Record<string, unknown>)) {
    const vs = list(values);
    if (!vs.length || !vs.every((v) => typeof v === 'string' && v.length > 0)) throw s3Errors.malformedPolicy('Invalid principal in policy');
    if (type === 'AWS' && !vs.every((v) => AWS_PRINCIPAL.test(v as string))) throw s3Errors.malformedPolicy('Invalid principal in policy');
    if (type === 'Service' && !vs.every((v) => /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(v as string))) throw s3Errors.malformedPolicy('Invalid principal in policy');
  }
}

function checkResource(resource: unknown, bucket: string): void {
  if (typeof resource !== 'string') throw s3Errors.malformedPolicy('Policy has invalid resource');
  const m = /^arn:aws:s3:::([^/]+)(\/.*)?$/.exec(resource);
  if (!m || !wildcardMatch(m[1]!, bucket)) throw s3Errors.malformedPolicy('Policy has invalid resource');
}

/** Throws MalformedPolicy for a policy S3 would refuse on `bucket`. */
export function validateBucketPolicy(text: string, bucket: string): void {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw s3Errors.malformedPolicy("Policies must be valid JSON and the first byte must be '{'");
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw s3Errors.malformedPolicy("Policies must be valid JSON and the first byte must be '{'");
  if (Buffer.byteLength(JSON.stringify(doc)) > MAX_BUCKET_POLICY_BYTES) throw s3Errors.malformedPolicy('Policy exceeds the maximum allowed document size.');
  const statements = list((doc as { Statement?: unknown }).Statement);
  if (!statements.length) throw s3Errors.malformedPolicy('Missing required field Statement');
  for (const raw of statements) {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw s3Errors.malformedPolicy('Statement is not an object');
    const s = raw as Record<string, unknown>;
    if (s.Effect === undefined) throw s3Errors.malformedPolicy('Missing required field Effect');
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw s3Errors.malformedPolicy(`Invalid effect: ${String(s.Effect)}`);
    if (s.Principal === undefined && s.NotPrincipal === undefined) throw s3Errors.malformedPolicy('Missing required field Principal');
    checkPrincipal(s.Principal ?? s.NotPrincipal);
    if (s.Action === undefined && s.NotAction === undefined) throw s3Errors.malformedPolicy('Missing required field Action');
    if (!list(s.Action ?? s.NotAction).every((a) => typeof a === 'string' && S3_ACTION.test(a))) throw s3Errors.malformedPolicy('Policy has invalid action');
    if (s.Resource === undefined && s.NotResource === undefined) throw s3Errors.malformedPolicy('Missing required field Resource');
    for (const r of list(s.Resource ?? s.NotResource)) checkResource(r, bucket);
  }
  try {
    checkPolicyDocument(text, 'resource');
  } catch (err) {
    throw s3Errors.malformedPolicy((err as Error).message || 'Policy has an invalid condition key');
  }
}
