// Amazon Macie (macie2): assembles the operation groups into one provider. Every operation other than
// EnableMacie fails with Macie's AccessDeniedException until Macie is enabled in the account and region.
import type { Macie2Api } from '../../models/macie2/index.js';
import { randomIds } from '../../common/index.js';
import type { PlatformDeps, ServiceRegistration } from '../types.js';
import { MacieSessions } from './sessions.js';
import { notEnabled, sessionOps } from './ops/session.js';
import { identifierOps } from './ops/identifiers.js';
import { allowListOps, storageFromS3Provider } from './ops/allow-lists.js';
import { findingOps } from './ops/findings.js';

const OPEN_OPERATIONS = new Set(['EnableMacie']);

export function createMacie2Registration(deps: Pick<PlatformDeps, 'store'> & Partial<Pick<PlatformDeps, 'ids' | 'providers'>>): ServiceRegistration {
  const sessions = new MacieSessions(deps.store.db);
  const ids = deps.ids ?? randomIds;
  const providers = deps.providers ?? {};
  const provider = {
    ...sessionOps({ sessions }),
    ...identifierOps({ db: deps.store.db, ids }),
    ...allowListOps({ db: deps.store.db, ids, storageFor: storageFromS3Provider(providers) }),
    ...findingOps({ store: deps.store, ids }),
  } satisfies Partial<Macie2Api>;
  return {
    service: 'macie2',
    provider,
    async precondition(operation, ctx) {
      if (OPEN_OPERATIONS.has(operation)) return;
      if (!(await sessions.get(ctx.accountId, ctx.region))) throw notEnabled();
    },
  };
}
