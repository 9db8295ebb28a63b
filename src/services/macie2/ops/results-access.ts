// Macie writes sensitive data discovery results as itself, the service principal `macie.amazonaws.com`, so the
// repository bucket's policy must allow it — in the caller's own account as in another — with the conditions Macie's
// documentation puts in that policy: aws:SourceAccount (the account whose results they are) and aws:SourceArn (the
// export configuration when the settings are saved, the classification job when a run writes).
// External S3 endpoints enforce their own policies on the bound credentials; this check is the embedded store's.
import { authorizeServicePrincipal } from '../../../iam/index.js';
import type { Storage } from '../../../storage/index.js';

export const MACIE_SERVICE_PRINCIPAL = 'macie.amazonaws.com';

/** The aws:SourceArn Macie presents while it validates the repository settings (policies match it with `…:export-configuration:*`). */
export const exportConfigurationArn = (region: string, accountId: string) => `arn:aws:macie2:${region}:${accountId}:export-configuration:${accountId}`;

export type ResultsWriteProblem = 'NoSuchBucket' | 'AccessDenied';

/**
 * Whether Macie may write results for `sourceAccount` into `bucket` under `keyPrefix`: s3:GetBucketLocation on the
 * bucket and s3:PutObject on the prefix, both allowed by the bucket policy for the service principal.
 */
export async function macieResultsWriteProblem(
  storage: Storage,
  req: { sourceAccount: string; sourceArn: string; bucket: string; keyPrefix: string; now?: Date },
): Promise<ResultsWriteProblem | undefined> {
  if (await storage.bindings.get(req.sourceAccount)) return undefined;
  const b = await storage.embedded.findBucket(req.bucket);
  if (!b) return 'NoSuchBucket';
  const prefix = req.keyPrefix ? req.keyPrefix.replace(/\/*$/, '/') : '';
  const checks = [
    { action: 's3:GetBucketLocation', resource: `arn:aws:s3:::${req.bucket}` },
    { action: 's3:PutObject', resource: `arn:aws:s3:::${req.bucket}/${prefix}AWSLogs/${req.sourceAccount}/Macie/` },
  ];
  for (const c of checks) {
    const decision = authorizeServicePrincipal({
      service: MACIE_SERVICE_PRINCIPAL,
      ...c,
      sourceAccount: req.sourceAccount,
      sourceArn: req.sourceArn,
      bucket: { ownerAccountId: b.account_id, policy: b.policy ?? undefined },
      ...(req.now ? { now: req.now } : {}),
    });
    if (!decision.allowed) return 'AccessDenied';
  }
  return undefined;
}
