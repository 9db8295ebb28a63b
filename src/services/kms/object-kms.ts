// KMS as S3 uses it (storage/sse-kms.ts): the caller of the S3 request, through S3 (kms:ViaService
// s3.<region>.amazonaws.com), or Macie's service-linked role reading an object for a job.
import type { KmsRequester, ObjectKms } from '../../storage/index.js';
import type { KmsCaller } from './key-access.js';
import type { KeyService } from './key-service.js';

export const MACIE_SERVICE_LINKED_ROLE = (accountId: string) => `arn:aws:iam::${accountId}:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie`;

function callerOf(r: KmsRequester): KmsCaller {
  if ('ctx' in r) return { kind: 'request', ctx: r.ctx, viaService: `s3.${r.ctx.region}.amazonaws.com` };
  if ('service' in r) return { kind: 'service', service: r.service.name, accountId: r.service.accountId, region: r.service.region, ...(r.service.sourceArn ? { sourceArn: r.service.sourceArn } : {}) };
  const { accountId, region } = r.macieFor;
  return { kind: 'role', roleArn: MACIE_SERVICE_LINKED_ROLE(accountId), sessionName: 'AmazonMacieSession', accountId, region, viaService: `s3.${region}.amazonaws.com` };
}

export function objectKms(service: KeyService): ObjectKms {
  return {
    async generate(requester, keyId, context) {
      const { key, plaintext, blob } = await service.generateDataKey(callerOf(requester), keyId, context);
      return { plaintext, blob: blob.toString('base64'), keyArn: key.arn };
    },
    async open(requester, blob, context) {
      return (await service.decryptFor(callerOf(requester), Buffer.from(blob, 'base64'), context)).plaintext;
    },
    async describe(requester, keyId) {
      return (await service.describeFor(callerOf(requester), keyId)).arn;
    },
  };
}
