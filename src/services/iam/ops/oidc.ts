// IAM OpenID Connect identity providers: Create/Get/List/Delete, thumbprints, client ids and tags. The provider is
// named by its issuer URL without https:// (what tokens' `iss` and trust-policy condition keys use). IAM's limits:
// 100 client ids of up to 255 characters, 5 thumbprints of 40 hex digits, 100 providers per account.
import type { RequestContext } from '../../../common/index.js';
import type { IamApi } from '../../../models/iam/index.js';
import { errors } from '../../../models/iam/index.js';
import type { IdentityProviders } from '../../../iam/index.js';
import { initialTags, wholeListTags } from './tags.js';

export const OIDC_PROVIDERS_PER_ACCOUNT = 100;
export const CLIENT_IDS_PER_PROVIDER = 100;
export const THUMBPRINTS_PER_PROVIDER = 5;

/** The issuer name of a provider URL: host[:port]/path without https:// and a trailing slash; throws InvalidInput. */
export function oidcProviderName(url: string): string {
  if (!url.toLowerCase().startsWith('https://')) throw new errors.InvalidInputException('Invalid Url: the URL must begin with https://');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new errors.InvalidInputException(`Invalid Url: ${url}`);
  }
  // Per the OIDC standard the issuer may carry a path, never a query or fragment (nor credentials).
  if (parsed.search || parsed.hash || url.includes('?') || url.includes('#') || parsed.username || parsed.password || !parsed.hostname) {
    throw new errors.InvalidInputException(`Invalid Url: ${url}`);
  }
  return url.slice('https://'.length).replace(/\/$/, '');
}

function checkThumbprints(list: readonly string[]): string[] {
  if (list.length > THUMBPRINTS_PER_PROVIDER) throw new errors.LimitExceededException(`Cannot exceed quota for ThumbprintsPerOpenIdConnectProvider: ${THUMBPRINTS_PER_PROVIDER}`);
  for (const t of list) if (!/^[0-9a-fA-F]{40}$/.test(t)) throw new errors.InvalidInputException(`Thumbprint ${t} must be a 40-character hex string.`);
  return [...new Set(list.map((t) => t.toLowerCase()))];
}

function checkClientIds(list: readonly string[]): string[] {
  const unique = [...new Set(list)];
  if (unique.length > CLIENT_IDS_PER_PROVIDER) throw new errors.LimitExceededException(`Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: ${CLIENT_IDS_PER_PROVIDER}`);
  return unique;
}

export function oidcOps(deps: { providers: IdentityProviders }) {
  const { providers } = deps;
  const mustProvider = async (ctx: RequestContext, arn: string) => {
    const p = await providers.get(ctx.accountId, arn);
    if (!p || p.kind !== 'oidc') throw new errors.NoSuchEntityException(`OpenIDConnect Provider not found for arn ${arn}`);
    return p;
  };
  const missing = (arn: string) => new errors.NoSuchEntityException(`OpenIDConnect Provider not found for arn ${arn}`);
  const tags = wholeListTags<RequestContext>({ find: mustProvider, change: (ctx, arn, change) => providers.changeTags(ctx.accountId, arn, change), missing });
  /** Client ids changed by compare-and-swap, so concurrent additions are all kept. */
  const changeClientIds = async (ctx: RequestContext, arn: string, change: (ids: string[]) => string[]) => {
    await mustProvider(ctx, arn);
    if (!(await providers.changeClientIds(ctx.accountId, arn, change))) throw missing(arn);
  };
  return {
    async createOpenIDConnectProvider(ctx, input) {
      const name = oidcProviderName(input.Url);
      const thumbprints = checkThumbprints(input.ThumbprintList ?? []);
      const clientIds = checkClientIds(input.ClientIDList ?? []);
      const tags = initialTags(input.Tags);
      if ((await providers.list(ctx.accountId, 'oidc')).length >= OIDC_PROVIDERS_PER_ACCOUNT) {
        throw new errors.LimitExceededException(`Cannot exceed quota for OpenIdConnectProvidersPerAccount: ${OIDC_PROVIDERS_PER_ACCOUNT}`);
      }
      const created = await providers.create({ accountId: ctx.accountId, kind: 'oidc', name, clientIds, thumbprints, tags });
      if (!created) throw new errors.EntityAlreadyExistsException(`Provider with url ${input.Url} already exists.`);
      return { OpenIDConnectProviderArn: created.arn, ...(tags.length ? { Tags: tags } : {}) };
    },
    async getOpenIDConnectProvider(ctx, input) {
      const p = await mustProvider(ctx, input.OpenIDConnectProviderArn);
      return { Url: p.name, ClientIDList: p.clientIds, ThumbprintList: p.thumbprints, CreateDate: p.createdAt, ...(p.tags.length ? { Tags: p.tags } : {}) };
    },
    async listOpenIDConnectProviders(ctx) {
      return { OpenIDConnectProviderList: (await providers.list(ctx.accountId, 'oidc')).map((p) => ({ Arn: p.arn })) };
    },
    async deleteOpenIDConnectProvider(ctx, input) {
      // IAM: deleting a provider that does not exist fails with NoSuchEntity.
      await mustProvider(ctx, input.OpenIDConnectProviderArn);
      await providers.delete(ctx.accountId, input.OpenIDConnectProviderArn);
    },
    async updateOpenIDConnectProviderThumbprint(ctx, input) {
      const p = await mustProvider(ctx, input.OpenIDConnectProviderArn);
      await providers.update(ctx.accountId, p.arn, { thumbprints: checkThumbprints(input.ThumbprintList) });
    },
    async addClientIDToOpenIDConnectProvider(ctx, input) {
      // Idempotent, as IAM: an id already there is left as it is.
      await changeClientIds(ctx, input.OpenIDConnectProviderArn, (ids) => (ids.includes(input.ClientID) ? ids : checkClientIds([...ids, input.ClientID])));
    },
    async removeClientIDFromOpenIDConnectProvider(ctx, input) {
      await changeClientIds(ctx, input.OpenIDConnectProviderArn, (ids) => ids.filter((c) => c !== input.ClientID));
    },
    async tagOpenIDConnectProvider(ctx, input) {
      await tags.tag(ctx, input.OpenIDConnectProviderArn, input.Tags);
    },
    async untagOpenIDConnectProvider(ctx, input) {
      await tags.untag(ctx, input.OpenIDConnectProviderArn, input.TagKeys);
    },
    async listOpenIDConnectProviderTags(ctx, input) {
      return tags.page(ctx, input.OpenIDConnectProviderArn, input.Marker, input.MaxItems);
    },
  } satisfies Partial<IamApi>;
}
