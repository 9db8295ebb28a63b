// The whole gateway in one process for two built trees: Sift started from `<tree>/dist` in the child, driven over
// loopback by a client in the same process (32 calls in flight, keep-alive) with the gateway bench's signed
// GetMacieSession; CPU (user + system) of the whole process per call, after as many warm-up calls. The client's share
// is the same code in both trees, so differences are the server's. Alternated processes, medians (tree-ab.ts): for
// changes the two-process bench (bench/gateway.ts) cannot resolve on a loaded machine.
//   npx tsx bench/gateway-inprocess-ab.ts <treeA> <treeB> [rounds]      (SIFT_BENCH_POSTGRES=1 for PostgreSQL)
import { siftInProcess } from './gateway-server.js';
import { treeAb } from './tree-ab.js';

let close: (() => Promise<void>) | undefined;

await treeAb({
  file: import.meta.filename,
  label: 'GetMacieSession call (server and client)',
  iterations: Number(process.env.SIFT_BENCH_CALLS ?? 4000),
  async setup(tree) {
    const { createTestDatabase } = await import('../src/store/test-databases.js');
    const database = process.env.SIFT_BENCH_POSTGRES ? await createTestDatabase('sift_bench_gw_inproc') : undefined;
    const sift = await siftInProcess(tree, database?.url);
    close = async () => {
      await sift.close();
      await database?.drop();
    };
    return (n) => sift.getSessions(n);
  },
  teardown: () => close?.() ?? Promise.resolve(),
});
