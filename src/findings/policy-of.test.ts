// FindingScope.policyOf: an administrator reads its members' policy findings, never their sensitive data or sample
// findings; without policyOf an account reads only its own. On SQLite and, when reachable, PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../store/index.js';
import { generateFindings } from './fixtures.js';
import { FindingsStore } from './store.js';
import { DIALECTS, postgresReachable, ManualClock, sequentialIds, testContext } from './test-support.js';

const ADMIN = '111122223333';
const MEMBER = '444455556666';
const STRANGER = '777788889999';

for (const [dialect, open] of DIALECTS) {
  describe.skipIf(dialect === 'postgres' && !(await postgresReachable()))(`policyOf on ${dialect}`, () => {
    let store: Store;
    let findings: FindingsStore;
    const clock = new ManualClock(Date.UTC(2026, 2, 1));
    const admin = { ...testContext(clock, ADMIN), policyOf: [MEMBER] };

    beforeAll(async () => {
      store = (await open())!;
      findings = new FindingsStore(store.db, store.dialect, sequentialIds());
      await findings.recordMany(testContext(clock, ADMIN), generateFindings(40, { seed: 1 }).map((f) => ({ ...f, id: `a${f.id}`, accountId: ADMIN })));
      await findings.recordMany(testContext(clock, MEMBER), generateFindings(80, { seed: 2 }).map((f) => ({ ...f, id: `m${f.id}`, accountId: MEMBER })));
      await findings.recordMany(testContext(clock, STRANGER), generateFindings(30, { seed: 3 }).map((f) => ({ ...f, id: `s${f.id}`, accountId: STRANGER })));
    });
    afterAll(async () => store?.close());

    async function listAll(scope: typeof admin | ReturnType<typeof testContext>): Promise<string[]> {
      const ids: string[] = [];
      let nextToken: string | undefined;
      do {
        const out = await findings.list(scope, { maxResults: 50, nextToken });
        ids.push(...out.findingIds);
        nextToken = out.nextToken;
      } while (nextToken);
      return ids;
    }

    it("lists, gets and counts the administrator's own findings and the member's non-sample policy findings", async () => {
      const memberAll = await findings.get(testContext(clock, MEMBER), await listAll(testContext(clock, MEMBER)));
      const memberPolicy = memberAll.filter((f) => f.category === 'POLICY' && !f.sample).map((f) => f.id!);
      expect(memberPolicy.length).toBeGreaterThan(0);
      expect(memberAll.length).toBeGreaterThan(memberPolicy.length); // the member also has findings the administrator must not see

      const seen = await listAll(admin);
      const own = await listAll(testContext(clock, ADMIN));
      expect(new Set(seen)).toEqual(new Set([...own, ...memberPolicy]));
      expect(seen.some((id) => id.startsWith('s'))).toBe(false);

      const got = await findings.get(admin, memberAll.map((f) => f.id!));
      expect(got.map((f) => f.id).sort()).toEqual([...memberPolicy].sort());
      const stats = await findings.statistics(admin, { groupBy: 'type' });
      expect(stats.reduce((n, g) => n + (g.count ?? 0), 0)).toBe(own.length + memberPolicy.length);
    });

    it('without policyOf, the member and the administrator each read only their own', async () => {
      expect((await listAll(testContext(clock, MEMBER))).every((id) => id.startsWith('m'))).toBe(true);
      expect((await listAll(testContext(clock, ADMIN))).every((id) => id.startsWith('a'))).toBe(true);
    });
  });
}
