// The policy simulator: SimulatePrincipalPolicy (the policies of a user, with its groups', of a role or of a group,
// plus any given) and SimulateCustomPolicy (only the given ones), evaluated by src/iam/simulate.ts with the engine
// that authorizes every request; GetContextKeysForCustomPolicy / GetContextKeysForPrincipalPolicy list the condition
// keys the same policies test (what a simulation's ContextEntries may supply), read by the same parser.
import { ServiceError, type RequestContext } from '../../../common/index.js';
import type { IamApi } from '../../../models/iam/index.js';
import { errors } from '../../../models/iam/index.js';
import type { ContextValue, EvaluationPrincipal } from '../../../iam/policy/index.js';
import { simulate, type IamDirectory, type IamGroups, type ManagedPolicies, type ManagedPolicy, type SimulatedPolicy } from '../../../iam/index.js';
import { checkPolicyDocument, parsePolicy } from '../../../iam/index.js';
import { page } from '../paging.js';

export interface SimulateOpsDeps {
  directory: IamDirectory;
  groups: IamGroups;
  managed: ManagedPolicies;
}

/** Most action × resource pairs one simulation evaluates (bounds the work of one call). */
export const MAX_SIMULATION_PAIRS = 1000;

type ContextEntry = { ContextKeyName?: string; ContextKeyValues?: string[]; ContextKeyType?: string };

function contextOf(entries: ContextEntry[] | undefined): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {};
  for (const e of entries ?? []) {
    if (!e.ContextKeyName || !e.ContextKeyType) throw new errors.InvalidInputException('Each context entry needs ContextKeyName and ContextKeyType.');
    const values = e.ContextKeyValues ?? [];
    out[e.ContextKeyName] = e.ContextKeyType.endsWith('List') ? values : values[0];
  }
  return out;
}

/** Documents given as text must be valid policies; IAM answers InvalidInput for one that is not. */
function given(list: string[] | undefined, prefix: string, kind: 'identity' | 'resource'): SimulatedPolicy[] {
  return (list ?? []).map((text, i) => {
    try {
      checkPolicyDocument(text, kind);
    } catch (err) {
      throw new errors.InvalidInputException(`${prefix}.${i + 1}: ${(err as Error).message}`);
    }
    return { id: `${prefix}.${i + 1}`, type: 'IAM Policy', text };
  });
}

/** The condition keys the policies test, each once (keys compare case-insensitively), in the order first written. */
export function contextKeysOf(policies: readonly SimulatedPolicy[]): string[] {
  const seen = new Map<string, string>();
  for (const p of policies) {
    for (const st of parsePolicy(p.text, 'identity').statements) {
      for (const c of st.conditions) if (!seen.has(c.key.toLowerCase())) seen.set(c.key.toLowerCase(), c.key);
    }
  }
  return [...seen.values()];
}

const managedSource = (p: ManagedPolicy): SimulatedPolicy => ({ id: p.policyName, type: p.awsManaged ? 'aws-managed' : 'user-managed', text: p.document });

/** A principal for a user ARN (CallerArn), with the user's tags when it is one of the account's. */
async function userPrincipal(dir: IamDirectory, ctx: RequestContext, arn: string): Promise<EvaluationPrincipal> {
  const m = /^arn:aws:iam::(\d{12}):user\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (!m) throw new errors.InvalidInputException(`Invalid CallerArn ${arn}: it must be the ARN of an IAM user.`);
  const user = m[1] === ctx.accountId ? await dir.getUser(ctx.accountId, m[2]!) : undefined;
  const tags = user ? Object.fromEntries((await dir.listTags(ctx.accountId, 'user', user.userName)).map((t) => [t.key, t.value])) : {};
  return { arn, accountId: m[1]!, type: 'IAMUser', userName: m[2]!, ...(user ? { userId: user.userId } : {}), tags };
}

export function simulateOps(deps: SimulateOpsDeps) {
  const { directory: dir, groups, managed } = deps;

  const run = (
    ctx: RequestContext,
    principal: EvaluationPrincipal,
    identity: SimulatedPolicy[],
    boundary: SimulatedPolicy[],
    input: { ActionNames: string[]; ResourceArns?: string[]; ResourcePolicy?: string; ResourceOwner?: string; ContextEntries?: ContextEntry[]; ResourceHandlingOption?: string; MaxItems?: number; Marker?: string },
  ) => {
    if (input.ResourceHandlingOption !== undefined) throw new ServiceError('NotImplemented', 'Sift does not simulate EC2 resource handling options (ResourceHandlingOption).', 501, 'server');
    if (input.ActionNames.length * Math.max(1, input.ResourceArns?.length ?? 0) > MAX_SIMULATION_PAIRS) {
      throw new errors.InvalidInputException(`A simulation evaluates at most ${MAX_SIMULATION_PAIRS} action and resource pairs.`);
    }
    const resourcePolicy = input.ResourcePolicy !== undefined ? { ...given([input.ResourcePolicy], 'ResourcePolicy', 'resource')[0]!, id: 'ResourcePolicy', type: 'resource' } : undefined;
    const results = simulate({
      principal,
      identity,
      boundary,
      ...(resourcePolicy ? { resourcePolicy } : {}),
      ...(input.ResourceOwner ? { resourceOwner: /^\d{12}$/.test(input.ResourceOwner) ? input.ResourceOwner : (input.ResourceOwner.split(':')[4] ?? '') } : {}),
      actions: input.ActionNames,
      resources: input.ResourceArns ?? [],
      context: contextOf(input.ContextEntries),
      now: ctx.clock.now(),
    });
    const p = page(results, input.Marker, input.MaxItems);
    return { EvaluationResults: p.slice, IsTruncated: p.IsTruncated, Marker: p.Marker } as Awaited<ReturnType<IamApi['simulateCustomPolicy']>>;
  };

  /** The policies of the user (with its groups'), role or group an ARN names, its boundary and the principal to simulate as. */
  const sourcePolicies = async (ctx: RequestContext, sourceArn: string, callerArn: string | undefined) => {
    const m = /^arn:aws:iam::(\d{12}):(user|role|group)\/(?:.*\/)?([^/]+)$/.exec(sourceArn);
    if (!m || m[1] !== ctx.accountId) throw new errors.InvalidInputException(`Invalid PolicySourceArn ${sourceArn}: it must be a user, group or role of this account.`);
    const kind = m[2] as 'user' | 'role' | 'group';
    const name = m[3]!;
    const identity: SimulatedPolicy[] = [];
    let boundaryArn: string | undefined;
    let principal: EvaluationPrincipal;
    const addOwn = async (k: 'user' | 'role' | 'group', n: string) => {
      for (const p of await dir.listPolicies(ctx.accountId, k, n)) identity.push({ id: p.policyName, type: k, text: p.document });
      for (const p of await managed.attached(ctx.accountId, k, n)) identity.push(managedSource(p));
    };
    if (kind === 'user') {
      const user = await dir.getUser(ctx.accountId, name);
      if (!user) throw new errors.NoSuchEntityException(`The user with name ${name} cannot be found.`);
      await addOwn('user', user.userName);
      for (const g of await groups.groupsOf(ctx.accountId, user.userName)) await addOwn('group', g.groupName);
      boundaryArn = user.permissionsBoundary;
      principal = await userPrincipal(dir, ctx, callerArn ?? user.arn);
    } else if (kind === 'role') {
      const role = await dir.getRole(ctx.accountId, name);
      if (!role) throw new errors.NoSuchEntityException(`The role with name ${name} cannot be found.`);
      await addOwn('role', role.roleName);
      boundaryArn = role.permissionsBoundary;
      const tags = Object.fromEntries((await dir.listTags(ctx.accountId, 'role', role.roleName)).map((t) => [t.key, t.value]));
      principal = callerArn ? await userPrincipal(dir, ctx, callerArn) : { arn: role.arn, accountId: ctx.accountId, type: 'AssumedRole', roleArn: role.arn, userId: role.roleId, tags };
    } else {
      const group = await groups.get(ctx.accountId, name);
      if (!group) throw new errors.NoSuchEntityException(`The group with name ${name} cannot be found.`);
      await addOwn('group', group.groupName);
      // A group is simulated as a member would be: as the caller given, else as a user of the account.
      principal = callerArn ? await userPrincipal(dir, ctx, callerArn) : { arn: group.arn, accountId: ctx.accountId, type: 'IAMUser' };
    }
    return { identity, boundaryArn, principal };
  };

  return {
    async simulateCustomPolicy(ctx, input) {
      const principal: EvaluationPrincipal = input.CallerArn
        ? await userPrincipal(dir, ctx, input.CallerArn)
        : { arn: ctx.principal.arn, accountId: ctx.accountId, type: ctx.principal.type === 'Root' ? 'IAMUser' : ctx.principal.type, userId: ctx.principal.principalId, ...(ctx.principal.userName ? { userName: ctx.principal.userName } : {}) };
      return run(ctx, principal, given(input.PolicyInputList, 'PolicyInputList', 'identity'), given(input.PermissionsBoundaryPolicyInputList, 'PermissionsBoundaryPolicyInputList', 'identity'), input);
    },

    async getContextKeysForCustomPolicy(_ctx, input) {
      return { ContextKeyNames: contextKeysOf(given(input.PolicyInputList, 'PolicyInputList', 'identity')) };
    },

    async getContextKeysForPrincipalPolicy(ctx, input) {
      // The entity's own policies (a user's groups' too) and any given; its permissions boundary is not among them.
      const { identity } = await sourcePolicies(ctx, input.PolicySourceArn, undefined);
      return { ContextKeyNames: contextKeysOf([...identity, ...given(input.PolicyInputList, 'PolicyInputList', 'identity')]) };
    },

    async simulatePrincipalPolicy(ctx, input) {
      const { identity, boundaryArn, principal } = await sourcePolicies(ctx, input.PolicySourceArn, input.CallerArn);
      identity.push(...given(input.PolicyInputList, 'PolicyInputList', 'identity'));
      // A boundary given for the simulation takes the place of the entity's own.
      let boundary = given(input.PermissionsBoundaryPolicyInputList, 'PermissionsBoundaryPolicyInputList', 'identity');
      if (!boundary.length && boundaryArn) {
        const p = await managed.get(boundaryArn);
        boundary = [p ? managedSource(p) : { id: boundaryArn, type: 'none', text: JSON.stringify({ Version: '2012-10-17', Statement: [] }) }];
      }
      return run(ctx, principal, identity, boundary, input);
    },
  } satisfies Partial<IamApi>;
}
