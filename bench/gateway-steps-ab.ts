// The gateway's routing and authorization steps of one GetMacieSession call by the account's root user, in process:
// restJson1's operation lookup (GET /macie), the provider method's name, and the authorize step (the action's
// resources and condition keys, then IAM's evaluation). A/B between two built trees (alternated processes), for
// changes far below the whole-server figure's noise; SIFT_BENCH_CALLGRIND=1 counts instructions instead of CPU time.
//   npx tsx bench/gateway-steps-ab.ts <treeA> <treeB> [rounds]
import { treeAb } from './tree-ab.js';

await treeAb({
  file: import.meta.filename,
  label: 'route + authorize',
  iterations: Number(process.env.SIFT_BENCH_CALLS ?? 200_000),
  async setup(tree) {
    const { restOperationOf } = await import(`${tree}/dist/protocol/rest-json.js`);
    const { authorize } = await import(`${tree}/dist/gateway/steps/authorize.js`);
    const { schemas } = await import(`${tree}/dist/models/index.js`);
    const schema = schemas.macie2;
    const clock = { now: () => new Date(), nowMs: () => Date.now() };
    const principal = { type: 'Root', accountId: '123456789012', arn: 'arn:aws:iam::123456789012:root', principalId: '123456789012', accessKeyId: 'AKIABENCHMARKKEY0001' };
    const credential = { secretAccessKey: 'benchmark', policies: [], principal };
    const ctx = { principal, accountId: '123456789012', region: 'us-east-1', requestId: 'r', clock, sourceIp: '127.0.0.1', userAgent: 'aws-sdk-js/3' };
    const reg = { service: 'macie2', provider: {} };
    const query = new URLSearchParams();
    const pathOf = async () => undefined;
    return async (n) => {
      for (let i = 0; i < n; i++) {
        const req = { method: 'GET', path: '/macie', rawQuery: '', query, headers: {}, body: Buffer.alloc(0) };
        const operation = restOperationOf(schema, req);
        const authz = await authorize(reg, 'macie2', operation, {}, ctx, credential, { pathOf });
        if (operation !== 'GetMacieSession' || authz.resource !== '*') throw new Error(`${operation} ${authz.resource}`);
      }
    };
  },
});
