// Revealing sensitive data samples: Get/UpdateRevealConfiguration, GetSensitiveDataOccurrencesAvailability and
// GetSensitiveDataOccurrences. The flow of one reveal:
//   availability  the finding, its object (unchanged ETag) and its signed discovery result (reveal/availability.ts);
//                 a reason answers 422 UnprocessableEntityException with the reason codes
//   access        CALLER_CREDENTIALS: the caller's own s3:GetObject rights; ASSUME_ROLE: Macie assumes the role as
//                 reveal-samples.macie.amazonaws.com (an AssumeRole recorded in CloudTrail as AWS records it) and
//                 the role session's rights decide
//   retrieval     the object re-read through the scan's readers, the finding's identifiers run at the recorded
//                 locations, up to 10 samples per type (scan/samples.ts)
// The first call answers PROCESSING and starts the retrieval; later calls answer SUCCESS with the samples, or ERROR.
// Samples live only in memory (reveal/retrievals.ts) for a short while: never in the store, a log or a record.
import type { Kysely } from 'kysely';
import type { IdSource, Logger, RequestContext, ScanLimits } from '../../../common/index.js';
import { compileScanner, type CustomIdentifierSpec } from '../../../detect/index.js';
import { errors, type Finding, type Macie2Api, type UnavailabilityReasonCode } from '../../../models/macie2/index.js';
import { collectSamples, type SampleTarget } from '../../../scan/index.js';
import { StorageError, type Storage } from '../../../storage/index.js';
import type { Database, Store } from '../../../store/index.js';
import type { ProviderRegistry, ServiceCalls } from '../../types.js';
import { FindingsStore } from '../../../findings/index.js';
import { checkAvailability, memberRoleTooPermissive, REVEAL_SERVICE, type RevealPlan } from '../reveal/availability.js';
import { readRevealSettings, toRevealConfigurationResponse, updateRevealSettings, type RevealSettings } from '../reveal/configuration.js';
import { countReveal, REVEALS_PER_OBJECT_PER_DAY } from '../reveal/daily-quota.js';
import type { ResultSigner } from '../reveal/result-signature.js';
import { RevealRetrievals, type RevealOutcome } from '../reveal/retrievals.js';
import { readExportConfig } from './export-config.js';
import type { MemberStore } from '../members/store.js';
import { loadCustomDataIdentifiers } from './identifiers.js';

/** The session name Macie gives the role it assumes (the seed's AssumeRole record). */
export const REVEAL_SESSION_NAME = 'RevealCrossAccount';

/** How long revealed samples stay available to the caller who asked (Macie deletes them "soon after"). */
export const REVEAL_SAMPLES_TTL_MS = 5 * 60 * 1000;

export interface RevealDeps {
  store: Pick<Store, 'db' | 'dialect'>;
  ids: IdSource;
  storage: Storage;
  signer: ResultSigner;
  serviceCalls: ServiceCalls;
  providers: ProviderRegistry;
  retrievals: RevealRetrievals;
  logger?: Logger;
  scanLimits?: Partial<ScanLimits>;
  /** An administrator's members (for findings of a member's bucket); absent without Organizations. */
  members?: MemberStore;
}

const roleArnOf = (accountId: string, roleName: string) => `arn:aws:iam::${accountId}:role/${roleName}`;

interface MemberCheck {
  reasons: UnavailabilityReasonCode[];
}

/** Why `kmsKeyId` can't serve reveal, as the caller sees it through KMS (DescribeKey); undefined when it can or when the caller may not look. */
async function revealKeyProblem(deps: Pick<RevealDeps, 'providers'>, ctx: RequestContext, kmsKeyId: string): Promise<string | undefined> {
  const kms = deps.providers.kms;
  if (!kms?.describeKey) return undefined;
  let meta: { KeyState?: string; KeyManager?: string; KeySpec?: string } | undefined;
  try {
    meta = ((await kms.describeKey(ctx, { KeyId: kmsKeyId })) as { KeyMetadata?: typeof meta }).KeyMetadata;
  } catch (err) {
    const code = (err as { code?: string; name?: string }).code ?? (err as { name?: string }).name;
    if (code === 'NotFoundException') return `The KMS key ${kmsKeyId} doesn't exist.`;
    // A caller who may not describe the key can still name it (Macie's own use of the key decides later).
    if (code === 'AccessDeniedException') return undefined;
    throw err;
  }
  if (meta?.KeyState !== 'Enabled') return `The KMS key ${kmsKeyId} isn't enabled.`;
  if (meta.KeyManager !== 'CUSTOMER') return `The KMS key ${kmsKeyId} must be a customer managed key.`;
  if (meta.KeySpec !== undefined && meta.KeySpec !== 'SYMMETRIC_DEFAULT') return `The KMS key ${kmsKeyId} must be a symmetric encryption key.`;
  return undefined;
}

/** The account that owns the finding's bucket: the caller's own, or a member's (an administrator's job over it). */
const ownerOf = (ctx: RequestContext, finding: Finding) => finding.resourcesAffected?.s3Bucket?.owner?.id ?? ctx.accountId;

/** The role's trust policy in `accountId` (the caller's account unless given), read as IAM stores it. */
async function roleTrustPolicy(deps: Pick<RevealDeps, 'providers'>, ctx: RequestContext, roleName: string, accountId = ctx.accountId): Promise<string | undefined> {
  const iam = deps.providers.iam;
  if (!iam?.getRole) return undefined;
  try {
    const out = (await iam.getRole({ ...ctx, accountId }, { RoleName: roleName })) as { Role?: { AssumeRolePolicyDocument?: string } };
    const doc = out.Role?.AssumeRolePolicyDocument;
    return doc ? decodeURIComponent(doc) : undefined;
  } catch {
    return undefined; // No such role: the retrieval reports it.
  }
}

export const revealOps = (deps: RevealDeps) => {
  const db: Kysely<Database> = deps.store.db;
  const findings = new FindingsStore(deps.store.db, deps.store.dialect, deps.ids);

  async function findingOf(ctx: RequestContext, findingId: string): Promise<Finding> {
    const [finding] = await findings.get(ctx, [findingId]);
    if (!finding) throw new errors.ResourceNotFoundException(`The finding ${findingId} doesn't exist or isn't available in this account and Region.`);
    return finding;
  }

  /**
   * For a finding of a member's bucket, what stands between the administrator and the member's object: the
   * membership (enabled, associated with this administrator), the caller's macie2:GetMember, and with ASSUME_ROLE the
   * member's role (same name as the administrator's) trusting the administrator's role with the external ID.
   */
  async function memberAccess(ctx: RequestContext, owner: string, settings: RevealSettings): Promise<MemberCheck> {
    const reasons: UnavailabilityReasonCode[] = [];
    const member = await deps.members?.get(ctx.accountId, ctx.region, owner);
    if (member?.relationshipStatus !== 'Enabled') reasons.push('ACCOUNT_NOT_IN_ORGANIZATION');
    if (ctx.principal.accessKeyId) {
      const call = { region: ctx.region, sourceIp: ctx.sourceIp, userAgent: ctx.userAgent };
      const may = await deps.serviceCalls.mayCall(ctx.principal.accessKeyId, call, 'macie2', 'GetMember', { id: owner });
      if (!may.allowed) reasons.push('MISSING_GET_MEMBER_PERMISSION');
    }
    if (settings.retrievalMode === 'ASSUME_ROLE' && settings.roleName) {
      const trust = await roleTrustPolicy(deps, ctx, settings.roleName, owner);
      if (trust && memberRoleTooPermissive(roleArnOf(owner, settings.roleName), trust, ctx, roleArnOf(ctx.accountId, settings.roleName), settings.externalId ?? '')) {
        reasons.push('MEMBER_ROLE_TOO_PERMISSIVE');
      }
    }
    return { reasons };
  }

  async function availability(ctx: RequestContext, finding: Finding, settings: RevealSettings) {
    const storage = await deps.storage.forAccount(ctx.accountId);
    const owner = ownerOf(ctx, finding);
    const objectStorage = owner === ctx.accountId ? storage : await deps.storage.forAccount(owner);
    const exportBucket = (await readExportConfig(db, ctx.accountId, ctx.region))?.s3Destination?.bucketName;
    const roleName = settings.retrievalMode === 'ASSUME_ROLE' ? settings.roleName : undefined;
    const trust = roleName ? await roleTrustPolicy(deps, ctx, roleName) : undefined;
    const found = await checkAvailability(
      { storage, objectStorage, signer: deps.signer, exportBucket, settings, ...(trust ? { roleTrustPolicy: trust } : {}) },
      ctx,
      finding,
      roleName ? roleArnOf(ctx.accountId, roleName) : undefined,
    );
    if (owner === ctx.accountId || found.reasons.includes('UNSUPPORTED_FINDING_TYPE')) return found;
    const member = await memberAccess(ctx, owner, settings);
    if (member.reasons.length === 0) return found;
    return { reasons: [...new Set([...found.reasons, ...member.reasons])] };
  }

  /**
   * The access key whose rights read the object: the caller's, or a session of the role Macie assumes. For a
   * member's object Macie chains from the administrator's role into the member's role of the same name, with the
   * administrator's external ID (Macie's documented setup for administrators).
   */
  async function accessKeyFor(ctx: RequestContext, settings: RevealSettings, owner: string): Promise<{ accessKeyId: string } | { error: string }> {
    if (settings.retrievalMode === 'CALLER_CREDENTIALS') {
      return ctx.principal.accessKeyId ? { accessKeyId: ctx.principal.accessKeyId } : { error: 'The caller has no credentials Macie can use to retrieve the sensitive data.' };
    }
    const roleArn = roleArnOf(ctx.accountId, settings.roleName!);
    let accessKeyId: string;
    try {
      const out = (await deps.serviceCalls.callAsService(REVEAL_SERVICE, ctx.accountId, ctx.region, 'sts', 'AssumeRole', {
        RoleArn: roleArn,
        RoleSessionName: REVEAL_SESSION_NAME,
      })) as { Credentials: { AccessKeyId: string } };
      accessKeyId = out.Credentials.AccessKeyId;
    } catch (err) {
      return { error: `Macie can't assume the IAM role ${roleArn}: ${(err as Error).message}` };
    }
    if (owner === ctx.accountId) return { accessKeyId };
    const memberRoleArn = roleArnOf(owner, settings.roleName!);
    try {
      const call = { region: ctx.region, sourceIp: REVEAL_SERVICE, userAgent: REVEAL_SERVICE };
      const out = (await deps.serviceCalls.callAs(accessKeyId, call, 'sts', 'AssumeRole', {
        RoleArn: memberRoleArn,
        RoleSessionName: REVEAL_SESSION_NAME,
        ExternalId: settings.externalId,
      })) as { Credentials: { AccessKeyId: string } };
      return { accessKeyId: out.Credentials.AccessKeyId };
    } catch (err) {
      return { error: `Macie can't assume the IAM role ${memberRoleArn} in the affected account: ${(err as Error).message}` };
    }
  }

  async function scannerFor(ctx: RequestContext, targets: readonly SampleTarget[]) {
    const managedIds = [...new Set(targets.filter((t) => t.key === t.type).map((t) => t.type))];
    const customIds = [...new Set(targets.filter((t) => t.key !== t.type).map((t) => t.type))];
    const custom: CustomIdentifierSpec[] = (await loadCustomDataIdentifiers(db, ctx.accountId, ctx.region, customIds)).map(({ arn: _a, deleted: _d, ...spec }) => spec);
    return compileScanner(managedIds.length ? { managedSelector: 'INCLUDE', managedIds, custom } : { managedSelector: 'NONE', custom }, deps.scanLimits);
  }

  /** The retrieval itself, after the availability check passed. Never throws for the caller's situation: ERROR says it. */
  async function retrieve(ctx: RequestContext, settings: RevealSettings, plan: RevealPlan): Promise<RevealOutcome> {
    const call = { region: ctx.region, sourceIp: ctx.sourceIp, userAgent: ctx.userAgent };
    // The caller must be allowed to read the discovery result itself, whichever way the object is read.
    if (ctx.principal.accessKeyId) {
      const result = await deps.serviceCalls.mayCall(ctx.principal.accessKeyId, call, 's3', 'GetObject', { Bucket: plan.resultBucket, Key: plan.resultKey });
      if (!result.allowed) return { status: 'ERROR', error: `Access to the sensitive data discovery result was denied: ${result.message ?? 'Access Denied'}` };
    }
    const owner = ownerOf(ctx, plan.finding);
    const access = await accessKeyFor(ctx, settings, owner);
    if ('error' in access) return { status: 'ERROR', error: access.error };
    const read = await deps.serviceCalls.mayCall(access.accessKeyId, call, 's3', 'GetObject', { Bucket: plan.bucket, Key: plan.key });
    if (!read.allowed) return { status: 'ERROR', error: `Access to the affected S3 object was denied: ${read.message ?? 'Access Denied'}` };

    const storage = await deps.storage.forAccount(owner);
    let stream;
    try {
      stream = await storage.readObject(plan.bucket, plan.key);
    } catch (err) {
      if (err instanceof StorageError) return { status: 'ERROR', error: 'OBJECT_UNAVAILABLE' };
      throw err;
    }
    try {
      // Changed between the availability check and the read: the locations no longer describe it.
      if (stream.info.etag.replace(/"/g, '') !== plan.eTag) return { status: 'ERROR', error: 'OBJECT_UNAVAILABLE' };
      const scanner = await scannerFor(ctx, plan.targets);
      const samples = await collectSamples({ key: plan.key, size: stream.info.size, stream: stream.body }, scanner, plan.targets, deps.scanLimits);
      const found: Record<string, string[]> = {};
      for (const [key, values] of samples) if (values.length) found[key] = values;
      if (Object.keys(found).length === 0) return { status: 'ERROR', error: "Macie couldn't find the sensitive data at the locations the sensitive data discovery result reports." };
      return { status: 'SUCCESS', samples: found };
    } finally {
      stream.body.destroy();
    }
  }

  return {
    async getRevealConfiguration(ctx) {
      return toRevealConfigurationResponse(await readRevealSettings(db, ctx.accountId, ctx.region));
    },

    async updateRevealConfiguration(ctx, input) {
      // Naming a role for Macie to assume passes it to the reveal service: the caller needs iam:PassRole on it.
      const roleName = input.configuration.status === 'ENABLED' && input.retrievalConfiguration?.retrievalMode === 'ASSUME_ROLE' ? input.retrievalConfiguration.roleName : undefined;
      if (roleName && ctx.principal.accessKeyId) {
        const pass = await deps.serviceCalls.mayPerform(
          ctx.principal.accessKeyId,
          { region: ctx.region, sourceIp: ctx.sourceIp, userAgent: ctx.userAgent },
          'iam:PassRole',
          roleArnOf(ctx.accountId, roleName),
          { 'iam:PassedToService': REVEAL_SERVICE },
        );
        if (!pass.allowed) throw new errors.AccessDeniedException(pass.message ?? 'Access denied');
      }
      const settings = await updateRevealSettings(
        {
          db,
          ids: deps.ids,
          roleExists: async (_accountId, roleName) => (await roleTrustPolicy(deps, ctx, roleName)) !== undefined,
          keyProblem: (kmsKeyId) => revealKeyProblem(deps, ctx, kmsKeyId),
        },
        ctx.accountId,
        ctx.region,
        input,
      );
      return toRevealConfigurationResponse(settings);
    },

    async getSensitiveDataOccurrencesAvailability(ctx, { findingId }) {
      const finding = await findingOf(ctx, findingId);
      const settings = await readRevealSettings(db, ctx.accountId, ctx.region);
      const { reasons } = await availability(ctx, finding, settings);
      return reasons.length ? { code: 'UNAVAILABLE', reasons } : { code: 'AVAILABLE', reasons: [] };
    },

    async getSensitiveDataOccurrences(ctx, { findingId }) {
      const finding = await findingOf(ctx, findingId);
      const settings = await readRevealSettings(db, ctx.accountId, ctx.region);
      if (settings.status !== 'ENABLED') {
        throw new errors.AccessDeniedException('Macie is not configured to retrieve sensitive data samples for this account. Enable the configuration with UpdateRevealConfiguration first.');
      }
      // Checked on every call, held samples included: a member disassociated or an object changed since the
      // retrieval makes them unavailable.
      const { reasons, plan } = await availability(ctx, finding, settings);
      if (!plan) throw new errors.UnprocessableEntityException(reasons.join(', '));
      const key = RevealRetrievals.keyOf(ctx.accountId, ctx.region, findingId, ctx.principal.arn, `${settings.retrievalMode}:${settings.roleName ?? ''}`);
      const held = deps.retrievals.get(key);
      if (held) {
        if (held.status === 'SUCCESS') return { status: 'SUCCESS', sensitiveDataOccurrences: Object.fromEntries(Object.entries(held.samples).map(([k, v]) => [k, v.map((value) => ({ value }))])) };
        if (held.status === 'ERROR') return { status: 'ERROR', error: held.error };
        return { status: 'PROCESSING' };
      }
      if (!(await countReveal(db, ctx.clock.nowMs(), { accountId: ctx.accountId, region: ctx.region, bucket: plan.bucket, key: plan.key }))) {
        throw new errors.ServiceQuotaExceededException(
          `Sensitive data samples were already retrieved ${REVEALS_PER_OBJECT_PER_DAY} times today for the S3 object ${plan.bucket}/${plan.key}. Try again after midnight UTC.`,
        );
      }
      deps.retrievals.start(key, () =>
        retrieve(ctx, settings, plan).catch((err) => {
          // The error's text only (a failure of the store or storage); samples are never part of it.
          deps.logger?.error('reveal: retrieval failed', { requestId: ctx.requestId, error: err instanceof Error ? err.message : String(err) });
          throw err;
        }),
      );
      return { status: 'PROCESSING' };
    },
  } satisfies Partial<Macie2Api>;
};
