// IAM authorization of one GetMacieSession call by the account's root user (the gateway bench's caller), in process,
// CPU per call: A/B between two built trees (alternated processes), for changes too small for the whole-server figure.
//   npx tsx bench/gateway-authz-ab.ts <treeA> <treeB> [rounds]
import { treeAb } from './tree-ab.js';

await treeAb({
  file: import.meta.filename,
  label: 'authorization',
  iterations: 1_000_000,
  async setup(tree) {
    const { authorizeRequest } = await import(`${tree}/dist/iam/authorize.js`);
    const clock = { now: () => new Date(), nowMs: () => Date.now() };
    const principal = { type: 'Root', accountId: '123456789012', arn: 'arn:aws:iam::123456789012:root', principalId: '123456789012', accessKeyId: 'AKIABENCHMARKKEY0001' };
    const credential = { secretAccessKey: 'benchmark', policies: [], principal };
    const ctx = { principal, accountId: '123456789012', region: 'us-east-1', requestId: 'r', clock, sourceIp: '127.0.0.1', userAgent: 'aws-sdk-js/3' };
    return (n) => {
      for (let i = 0; i < n; i++) {
        if (!authorizeRequest({ ctx, credential, action: 'macie2:GetMacieSession', resource: '*', context: {} }).allowed) throw new Error('denied');
      }
    };
  },
});
