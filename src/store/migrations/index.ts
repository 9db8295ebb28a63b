// The explicit, ordered list of migrations (bundling-safe: no directory scanning).
import type { Migration } from 'kysely';
import * as m0001 from './0001-platform.js';
import * as m0002 from './0002-storage.js';
import * as m0003 from './0003-logs.js';
import * as m0004 from './0004-cloudwatch.js';
import * as m0005 from './0005-macie.js';
import * as m0006 from './0006-jobs.js';
import * as m0007 from './0007-iam-policies.js';
import * as m0009 from './0009-encryption-at-rest.js';
import * as m0010 from './0010-trails.js';
import * as m0011 from './0011-kms.js';
import * as m0012 from './0012-iam-groups-versions.js';
import * as m0013 from './0013-accounts.js';
import * as m0014 from './0014-s3-versions.js';
import * as m0016 from './0016-logs-group-keys.js';
import * as m0018 from './0018-sns-events.js';
import * as m0019 from './0019-logs-insights.js';
import * as m0024 from './0024-org-units.js';
import * as m0017 from './0017-automated-discovery.js';
import * as m0027 from './0027-logs-query-results-keys.js';
import * as m0020 from './0020-workers.js';
import * as m0026 from './0026-s3-bucket-config.js';
import * as m0025 from './0025-iam-federation.js';
import * as m0028 from './0028-logs-shared-events.js';
import * as m0036 from './0036-iam-mfa-drift-tags.js';
import * as m0031 from './0031-events-buses.js';
import * as m0030 from './0030-iam-instance-profiles.js';
import * as m0029 from './0029-iam-user-credentials.js';
import * as m0032 from './0032-s3-lifecycle-logging.js';
import * as m0033 from './0033-s3-replication-website.js';
import * as m0037 from './0037-logs-rows-time-key.js';
import * as m0038 from './0038-logs-event-seq.js';
import * as m0039 from './0039-logs-insights-work.js';
import * as m0040 from './0040-logs-chunk-keyset.js';
import * as m0041 from './0041-logs-stream-index-dedup.js';
import * as m0043 from './0043-logs-chunk-packed.js';
import * as m0044 from './0044-logs-chunk-match.js';
import * as m0045 from './0045-logs-append-procedure.js';
import * as m0046 from './0046-logs-append-array.js';

export const migrations: Record<string, Migration> = {
  '0001-platform': m0001,
  '0002-storage': m0002,
  '0003-logs': m0003,
  '0004-cloudwatch': m0004,
  '0005-macie': m0005,
  '0006-jobs': m0006,
  '0007-iam-policies': m0007,
  '0009-encryption-at-rest': m0009,
  '0010-trails': m0010,
  '0011-kms': m0011,
  '0012-iam-groups-versions': m0012,
  '0013-accounts': m0013,
  '0014-s3-versions': m0014,
  '0016-logs-group-keys': m0016,
  '0018-sns-events': m0018,
  '0019-logs-insights': m0019,
  '0024-org-units': m0024,
  '0017-automated-discovery': m0017,
  '0020-workers': m0020,
  '0026-s3-bucket-config': m0026,
  '0027-logs-query-results-keys': m0027,
  '0025-iam-federation': m0025,
  '0028-logs-shared-events': m0028,
  '0031-events-buses': m0031,
  '0036-iam-mfa-drift-tags': m0036,
  '0030-iam-instance-profiles': m0030,
  '0029-iam-user-credentials': m0029,
  '0032-s3-lifecycle-logging': m0032,
  '0033-s3-replication-website': m0033,
  '0037-logs-rows-time-key': m0037,
  '0038-logs-event-seq': m0038,
  '0039-logs-insights-work': m0039,
  '0040-logs-chunk-keyset': m0040,
  '0041-logs-stream-index-dedup': m0041,
  '0043-logs-chunk-packed': m0043,
  '0044-logs-chunk-match': m0044,
  '0045-logs-append-procedure': m0045,
  '0046-logs-append-array': m0046,
};
