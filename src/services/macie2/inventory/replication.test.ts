import { describe, expect, it } from 'vitest';
import { replicationDetailsOf } from './replication.js';

describe('replicationDetails', () => {
  it('lists the destination accounts and says whether one is outside the Macie organization', () => {
    const org = new Set(['111122223333', '222233334444']);
    expect(replicationDetailsOf({}, org)).toEqual({ replicated: false, replicatedExternally: false, replicationAccounts: [] });
    expect(replicationDetailsOf({ replication: { destinations: [{ bucket: 'a', account: '222233334444' }, { bucket: 'b', account: '222233334444' }] } }, org)).toEqual({
      replicated: true,
      replicatedExternally: false,
      replicationAccounts: ['222233334444'],
    });
    expect(replicationDetailsOf({ replication: { destinations: [{ bucket: 'a', account: '999988887777' }, { bucket: 'b', account: '111122223333' }] } }, org)).toEqual({
      replicated: true,
      replicatedExternally: true,
      replicationAccounts: ['111122223333', '999988887777'],
    });
  });
});
