// CloudTrail's trail operations: CreateTrail … ListPublicKeys. Trails live in the audit part (TrailsRepo); delivery
// runs there too. Checks follow CloudTrail: the bucket must exist and let cloudtrail.amazonaws.com write under the
// prefix; a log group comes with a role CloudTrail can assume and write to the group with; settings Sift cannot carry
// out (SNS topics, KMS keys, organization trails) are refused rather than accepted.
import type { AuditTrail, SigningKeys, TrailConfig, TrailRecord, TrailStatus } from '../../audit/index.js';
import { TrailsRepo, lastAuditSeq } from '../../audit/index.js';
import { ServiceError, type Clock, type RequestContext } from '../../common/index.js';
import type { IamDirectory } from '../../iam/index.js';
import * as errors from '../../models/cloudtrail/errors.js';
import type { CloudTrailApi, CreateTrailRequest, Trail, UpdateTrailRequest } from '../../models/cloudtrail/index.js';
import type { Store } from '../../store/index.js';
import type { Storage } from '../../storage/index.js';
import type { LogsInternalApi } from '../logs/index.js';
import { parseLogGroupArn, trailStreamName } from './delivery-targets.js';
import { bucketAllowsCloudTrail, logRoleProblem } from './service-access.js';
import { checkAdvancedEventSelectors, checkEventSelectors, checkTrailName, MAX_TRAILS_PER_REGION, mergeTags, parseTrailRef } from './trail-rules.js';

export interface TrailOpsDeps {
  store: Store;
  storage: Storage;
  directory: IamDirectory;
  logs: LogsInternalApi;
  clock: Clock;
  keys: SigningKeys;
  audit: AuditTrail;
}

const notFound = (name: string, accountId: string) => new errors.TrailNotFoundException(`Unknown trail: ${name} for the user: ${accountId}`);

function toTrail(t: TrailRecord, full: boolean): Trail {
  const c = t.config;
  return {
    Name: t.name,
    S3BucketName: c.s3BucketName,
    ...(c.s3KeyPrefix !== undefined && { S3KeyPrefix: c.s3KeyPrefix }),
    IncludeGlobalServiceEvents: c.includeGlobalServiceEvents,
    IsMultiRegionTrail: c.isMultiRegionTrail,
    ...(full && { HomeRegion: t.homeRegion }),
    TrailARN: t.arn,
    LogFileValidationEnabled: c.logFileValidation,
    ...(c.cloudWatchLogsLogGroupArn && { CloudWatchLogsLogGroupArn: c.cloudWatchLogsLogGroupArn, CloudWatchLogsRoleArn: c.cloudWatchLogsRoleArn }),
    ...(full && { HasCustomEventSelectors: Boolean(c.eventSelectors?.length || c.advancedEventSelectors?.length), HasInsightSelectors: false }),
    IsOrganizationTrail: false,
  };
}

const date = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

export function trailOps(deps: TrailOpsDeps) {
  const repo = new TrailsRepo(deps.store.db);

  async function find(ctx: RequestContext, ref: string): Promise<TrailRecord> {
    const r = parseTrailRef(ref, ctx.accountId, ctx.region);
    const t = r.accountId === ctx.accountId ? await repo.get(r.arn) : undefined;
    if (t) return t;
    // A multi-region trail is visible by name in every region (its shadow trails).
    if (!ref.startsWith('arn:')) {
      const shadow = (await repo.list(ctx.accountId, ctx.region)).find((x) => x.name === r.name);
      if (shadow) return shadow;
    }
    throw notFound(ref, ctx.accountId);
  }

  async function findHome(ctx: RequestContext, ref: string): Promise<TrailRecord> {
    const t = await find(ctx, ref);
    if (t.homeRegion !== ctx.region) {
      throw new errors.InvalidHomeRegionException(`This operation must be called from the trail's home region (${t.homeRegion}).`);
    }
    return t;
  }

  /** A configuration change applied to what is stored now, so concurrent changes of other parts are kept. */
  async function saveChange(ctx: RequestContext, arn: string, ref: string, change: (config: TrailConfig) => TrailConfig): Promise<void> {
    if (!(await repo.changeConfig(arn, change))) throw notFound(ref, ctx.accountId);
  }

  function refuseUnsupported(input: Pick<CreateTrailRequest, 'SnsTopicName' | 'KmsKeyId' | 'IsOrganizationTrail'>): void {
    if (input.SnsTopicName) throw new ServiceError('NotImplemented', 'Sift does not implement SNS notifications for trails (SnsTopicName).', 501, 'server');
    if (input.KmsKeyId) throw new errors.KmsKeyNotFoundException(`KMS key not found: ${input.KmsKeyId}. Sift encrypts trail files with SSE-S3 only.`);
    if (input.IsOrganizationTrail) throw new errors.OrganizationsNotInUseException('This account is not a member of an organization.');
  }

  async function checkBucket(ctx: RequestContext, arn: string, bucket: string, prefix: string | undefined): Promise<void> {
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new errors.InvalidS3BucketNameException(`Bucket name ${bucket} is not valid.`);
    if (prefix !== undefined && (prefix.length > 200 || prefix.startsWith('/') || prefix.endsWith('/') || prefix.includes('//'))) {
      throw new errors.InvalidS3PrefixException(`Prefix ${prefix} is not valid.`);
    }
    // A bucket behind an external endpoint is checked by that endpoint when files are written.
    if (await deps.storage.bindings.get(ctx.accountId)) return;
    const b = await deps.storage.embedded.findBucket(bucket);
    if (!b) throw new errors.S3BucketDoesNotExistException(`S3 bucket ${bucket} does not exist.`);
    const key = `${prefix ? `${prefix}/` : ''}AWSLogs/${ctx.accountId}/`;
    if (!bucketAllowsCloudTrail({ clock: ctx.clock, bucket, ownerAccountId: b.account_id, policy: b.policy ?? undefined, key, trailArn: arn, accountId: ctx.accountId, region: ctx.region })) {
      throw new errors.InsufficientS3BucketPolicyException(`Incorrect S3 bucket policy is detected for bucket: ${bucket}`);
    }
  }

  async function checkLogGroup(ctx: RequestContext, groupArn: string | undefined, roleArn: string | undefined): Promise<void> {
    if (!groupArn && !roleArn) return;
    if (!groupArn) throw new errors.InvalidCloudWatchLogsLogGroupArnException('You must specify a log group ARN with a role ARN.');
    if (!roleArn) throw new errors.InvalidCloudWatchLogsRoleArnException('You must specify a role ARN with a log group ARN.');
    const g = parseLogGroupArn(groupArn);
    if (!g || g.accountId !== ctx.accountId || g.region !== ctx.region) throw new errors.InvalidCloudWatchLogsLogGroupArnException(`CloudWatch Logs log group ARN ${groupArn} is not valid.`);
    const stream = trailStreamName(ctx.accountId, ctx.region);
    const problem = await logRoleProblem(deps.directory, ctx.clock, { roleArn, groupArn, accountId: ctx.accountId, region: ctx.region, stream });
    if (problem === 'NoSuchRole') throw new errors.InvalidCloudWatchLogsRoleArnException(`CloudWatch Logs role ARN ${roleArn} is not valid.`);
    if (problem === 'NotAssumable') throw new errors.InvalidCloudWatchLogsRoleArnException('Access denied. Check the trust relationships for your role.');
    if (problem === 'NotAllowed') throw new errors.InvalidCloudWatchLogsRoleArnException('Access denied. Verify in IAM that the role has adequate permissions.');
    try {
      await deps.logs.ensureStream(ctx.accountId, ctx.region, g.name, stream);
    } catch {
      throw new errors.InvalidCloudWatchLogsLogGroupArnException(`CloudWatch Logs log group ${g.name} does not exist.`);
    }
  }

  function configFrom(base: TrailConfig | undefined, input: CreateTrailRequest | UpdateTrailRequest): TrailConfig {
    const empty = (s: string | undefined) => (s === '' ? undefined : s);
    return {
      s3BucketName: input.S3BucketName ?? base!.s3BucketName,
      s3KeyPrefix: input.S3KeyPrefix !== undefined ? empty(input.S3KeyPrefix) : base?.s3KeyPrefix,
      includeGlobalServiceEvents: input.IncludeGlobalServiceEvents ?? base?.includeGlobalServiceEvents ?? true,
      isMultiRegionTrail: input.IsMultiRegionTrail ?? base?.isMultiRegionTrail ?? false,
      logFileValidation: input.EnableLogFileValidation ?? base?.logFileValidation ?? false,
      cloudWatchLogsLogGroupArn: input.CloudWatchLogsLogGroupArn !== undefined ? empty(input.CloudWatchLogsLogGroupArn) : base?.cloudWatchLogsLogGroupArn,
      cloudWatchLogsRoleArn: input.CloudWatchLogsRoleArn !== undefined ? empty(input.CloudWatchLogsRoleArn) : base?.cloudWatchLogsRoleArn,
      ...(base?.eventSelectors && { eventSelectors: base.eventSelectors }),
      ...(base?.advancedEventSelectors && { advancedEventSelectors: base.advancedEventSelectors }),
      tags: base?.tags ?? [],
    };
  }

  function checkCombination(c: TrailConfig): void {
    if (!c.includeGlobalServiceEvents && c.isMultiRegionTrail) {
      throw new errors.InvalidParameterCombinationException('Multi-Region trail must include global service events.');
    }
  }

  return {
    async createTrail(ctx, input) {
      checkTrailName(input.Name);
      refuseUnsupported(input);
      const config = configFrom(undefined, input);
      config.tags = mergeTags([], input.TagsList ?? []);
      checkCombination(config);
      const arn = `arn:aws:cloudtrail:${ctx.region}:${ctx.accountId}:trail/${input.Name}`;
      if (await repo.get(arn)) throw new errors.TrailAlreadyExistsException(`Trail ${input.Name} already exists for customer: ${ctx.accountId}`);
      if ((await repo.countInRegion(ctx.accountId, ctx.region)) >= MAX_TRAILS_PER_REGION) {
        throw new errors.MaximumNumberOfTrailsExceededException(`User: ${ctx.accountId} already has ${MAX_TRAILS_PER_REGION} trails in ${ctx.region}.`);
      }
      await checkBucket(ctx, arn, config.s3BucketName, config.s3KeyPrefix);
      await checkLogGroup(ctx, config.cloudWatchLogsLogGroupArn, config.cloudWatchLogsRoleArn);
      const t = await repo.insert({ accountId: ctx.accountId, homeRegion: ctx.region, name: input.Name, config, createdAt: ctx.clock.nowMs() });
      return toTrail(t, false);
    },

    async updateTrail(ctx, input) {
      const t = await findHome(ctx, input.Name);
      refuseUnsupported(input);
      const checked = configFrom(t.config, input);
      checkCombination(checked);
      if (input.S3BucketName !== undefined || input.S3KeyPrefix !== undefined) await checkBucket(ctx, t.arn, checked.s3BucketName, checked.s3KeyPrefix);
      if (input.CloudWatchLogsLogGroupArn !== undefined || input.CloudWatchLogsRoleArn !== undefined) await checkLogGroup(ctx, checked.cloudWatchLogsLogGroupArn, checked.cloudWatchLogsRoleArn);
      let config = checked;
      await saveChange(ctx, t.arn, input.Name, (current) => {
        config = configFrom(current, input);
        checkCombination(config);
        return config;
      });
      return toTrail({ ...t, config }, false);
    },

    async deleteTrail(ctx, input) {
      const t = await findHome(ctx, input.Name);
      await repo.delete(t.arn);
      return {};
    },

    async getTrail(ctx, input) {
      return { Trail: toTrail(await find(ctx, input.Name), true) };
    },

    async describeTrails(ctx, input) {
      const names = input?.trailNameList ?? [];
      const withShadows = input?.includeShadowTrails ?? true;
      if (names.length === 0) return { trailList: (await repo.list(ctx.accountId, ctx.region, withShadows)).map((t) => toTrail(t, true)) };
      const out: Trail[] = [];
      for (const n of names) {
        try {
          out.push(toTrail(await find(ctx, n), true));
        } catch (err) {
          if (!(err instanceof errors.TrailNotFoundException)) throw err;
        }
      }
      return { trailList: out };
    },

    async listTrails(ctx) {
      // Every trail of the account, whatever its home region (ListTrails lists them all).
      return { Trails: (await repo.list(ctx.accountId)).map((t) => ({ TrailARN: t.arn, Name: t.name, HomeRegion: t.homeRegion })) };
    },

    async getTrailStatus(ctx, input) {
      const t = await find(ctx, input.Name);
      const s: TrailStatus = t.status;
      return {
        IsLogging: t.isLogging,
        ...(s.latestDeliveryError && { LatestDeliveryError: s.latestDeliveryError }),
        ...(s.latestDeliveryTime !== undefined && { LatestDeliveryTime: date(s.latestDeliveryTime) }),
        ...(s.startLoggingTime !== undefined && { StartLoggingTime: date(s.startLoggingTime) }),
        ...(s.stopLoggingTime !== undefined && { StopLoggingTime: date(s.stopLoggingTime) }),
        ...(s.latestCloudWatchLogsDeliveryError && { LatestCloudWatchLogsDeliveryError: s.latestCloudWatchLogsDeliveryError }),
        ...(s.latestCloudWatchLogsDeliveryTime !== undefined && { LatestCloudWatchLogsDeliveryTime: date(s.latestCloudWatchLogsDeliveryTime) }),
        ...(s.latestDigestDeliveryTime !== undefined && { LatestDigestDeliveryTime: date(s.latestDigestDeliveryTime) }),
        ...(s.latestDigestDeliveryError && { LatestDigestDeliveryError: s.latestDigestDeliveryError }),
        ...(s.latestDeliveryAttemptTime !== undefined && { LatestDeliveryAttemptTime: iso(s.latestDeliveryAttemptTime) }),
        ...(s.latestDeliveryAttemptTime !== undefined && { LatestDeliveryAttemptSucceeded: s.latestDeliveryError ? '' : iso(s.latestDeliveryTime) }),
        LatestNotificationAttemptTime: '',
        LatestNotificationAttemptSucceeded: '',
        TimeLoggingStarted: iso(s.startLoggingTime) ?? '',
        TimeLoggingStopped: iso(s.stopLoggingTime) ?? '',
      };
    },

    async startLogging(ctx, input) {
      const t = await findHome(ctx, input.Name);
      await deps.audit.flush();
      await repo.startLogging(t.arn, ctx.clock.nowMs(), await lastAuditSeq(deps.store.db), t.homeRegion);
      return {};
    },

    async stopLogging(ctx, input) {
      const t = await findHome(ctx, input.Name);
      await deps.audit.flush();
      await repo.stopLogging(t.arn, ctx.clock.nowMs(), await lastAuditSeq(deps.store.db));
      return {};
    },

    async putEventSelectors(ctx, input) {
      const t = await findHome(ctx, input.TrailName);
      const basic = input.EventSelectors;
      const advanced = input.AdvancedEventSelectors;
      if ((basic && advanced) || (!basic && !advanced)) {
        throw new errors.InvalidParameterCombinationException('Specify either EventSelectors or AdvancedEventSelectors, not both.');
      }
      if (basic) checkEventSelectors(basic);
      if (advanced) checkAdvancedEventSelectors(advanced);
      const selectors = (current: TrailConfig): TrailConfig => {
        const next: TrailConfig = { ...current };
        delete next.eventSelectors;
        delete next.advancedEventSelectors;
        if (basic) next.eventSelectors = basic.map((s) => ({ ReadWriteType: s.ReadWriteType ?? 'All', IncludeManagementEvents: s.IncludeManagementEvents ?? true, DataResources: s.DataResources ?? [], ExcludeManagementEventSources: s.ExcludeManagementEventSources ?? [] }));
        if (advanced) next.advancedEventSelectors = advanced;
        return next;
      };
      const config = selectors(t.config);
      await saveChange(ctx, t.arn, input.TrailName, selectors);
      return { TrailARN: t.arn, ...(config.eventSelectors && { EventSelectors: config.eventSelectors }), ...(config.advancedEventSelectors && { AdvancedEventSelectors: config.advancedEventSelectors }) };
    },

    async getEventSelectors(ctx, input) {
      const t = await find(ctx, input.TrailName);
      const c = t.config;
      if (c.advancedEventSelectors) return { TrailARN: t.arn, AdvancedEventSelectors: c.advancedEventSelectors };
      return { TrailARN: t.arn, EventSelectors: c.eventSelectors ?? [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }] };
    },

    async addTags(ctx, input) {
      const t = await find(ctx, input.ResourceId);
      await saveChange(ctx, t.arn, input.ResourceId, (current) => ({ ...current, tags: mergeTags(current.tags, input.TagsList) }));
      return {};
    },

    async removeTags(ctx, input) {
      const t = await find(ctx, input.ResourceId);
      // A tag given with a value is removed only when the value matches.
      const remove = (tag: { Key: string; Value?: string }) => input.TagsList.some((r) => r.Key === tag.Key && (r.Value === undefined || r.Value === tag.Value));
      await saveChange(ctx, t.arn, input.ResourceId, (current) => ({ ...current, tags: current.tags.filter((tag) => !remove(tag)) }));
      return {};
    },

    async listTags(ctx, input) {
      if (input.ResourceIdList.length > 20) throw new errors.InvalidParameterException('You can specify at most 20 resource ids.');
      const out = [];
      for (const id of input.ResourceIdList) {
        const t = await find(ctx, id);
        out.push({ ResourceId: t.arn, TagsList: t.config.tags });
      }
      return { ResourceTagList: out };
    },

    async listPublicKeys(ctx, input) {
      const now = ctx.clock.nowMs();
      const from = input?.StartTime ? new Date(input.StartTime).getTime() : now;
      const to = input?.EndTime ? new Date(input.EndTime).getTime() : now;
      if (from > to) throw new errors.InvalidTimeRangeException('The start time must be earlier than or equal to the end time.');
      const keys = await deps.keys.list(ctx.region, from, to);
      return {
        // The Value blob is the DER key (base64 on the wire; awscli keeps blobs as base64 text and decodes it itself).
        PublicKeyList: keys.map((k) => ({ Value: k.der, ValidityStartTime: new Date(k.validFrom), ValidityEndTime: new Date(k.validTo), Fingerprint: k.fingerprint })),
      };
    },
  } satisfies Partial<CloudTrailApi>;
}
