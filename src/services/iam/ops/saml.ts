// IAM SAML identity providers: Create/Get/List/Update/Delete and tags. The metadata document is read as IAM reads
// it: an md:EntityDescriptor with an entityID and an IDPSSODescriptor whose signing certificates parse as X.509.
// Assertion encryption (AssertionEncryptionMode, private keys) is not built: NotImplemented.
import { ServiceError, type RequestContext } from '../../../common/index.js';
import type { IamApi } from '../../../models/iam/index.js';
import { errors } from '../../../models/iam/index.js';
import type { IdentityProviders } from '../../../iam/index.js';
import { parseSamlMetadata } from '../../../iam/index.js';
import { initialTags, wholeListTags } from './tags.js';

export const SAML_PROVIDERS_PER_ACCOUNT = 100;

const notImplemented = (what: string) => new ServiceError('NotImplemented', `Sift does not implement SAML assertion encryption (${what}) yet.`, 501, 'server');

/** The model's pattern `[\w._-]+` is meant for the whole name (IAM refuses `bad name!`); the SDK does not check it. */
function checkName(name: string) {
  if (!/^[\w._-]+$/.test(name)) {
    throw new ServiceError('ValidationError', `1 validation error detected: Value '${name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w._-]+`, 400);
  }
}

function metadataOf(document: string) {
  const m = parseSamlMetadata(document);
  if (!m) throw new errors.InvalidInputException('Could not parse metadata');
  return m;
}

export function samlOps(deps: { providers: IdentityProviders }) {
  const { providers } = deps;
  const mustProvider = async (ctx: RequestContext, arn: string) => {
    const p = await providers.get(ctx.accountId, arn);
    if (!p || p.kind !== 'saml') throw new errors.NoSuchEntityException(`Manifest not found for arn ${arn}`);
    return p;
  };
  const tags = wholeListTags<RequestContext>({
    find: mustProvider,
    change: (ctx, arn, change) => providers.changeTags(ctx.accountId, arn, change),
    missing: (arn) => new errors.NoSuchEntityException(`Manifest not found for arn ${arn}`),
  });
  return {
    async createSAMLProvider(ctx, input) {
      if (input.AssertionEncryptionMode !== undefined) throw notImplemented('AssertionEncryptionMode');
      if (input.AddPrivateKey !== undefined) throw notImplemented('AddPrivateKey');
      checkName(input.Name);
      const m = metadataOf(input.SAMLMetadataDocument);
      const tags = initialTags(input.Tags);
      if ((await providers.list(ctx.accountId, 'saml')).length >= SAML_PROVIDERS_PER_ACCOUNT) {
        throw new errors.LimitExceededException(`Cannot exceed quota for SamlProvidersPerAccount: ${SAML_PROVIDERS_PER_ACCOUNT}`);
      }
      const created = await providers.create({ accountId: ctx.accountId, kind: 'saml', name: input.Name, clientIds: [], thumbprints: [], metadata: input.SAMLMetadataDocument, ...(m.validUntil ? { validUntil: m.validUntil } : {}), tags });
      if (!created) throw new errors.EntityAlreadyExistsException(`SAMLProvider ${input.Name} already exists`);
      return { SAMLProviderArn: created.arn, ...(tags.length ? { Tags: tags } : {}) };
    },
    async getSAMLProvider(ctx, input) {
      const p = await mustProvider(ctx, input.SAMLProviderArn);
      return { SAMLMetadataDocument: p.metadata, CreateDate: p.createdAt, ...(p.validUntil ? { ValidUntil: p.validUntil } : {}), ...(p.tags.length ? { Tags: p.tags } : {}) };
    },
    async listSAMLProviders(ctx) {
      const list = await providers.list(ctx.accountId, 'saml');
      return { SAMLProviderList: list.map((p) => ({ Arn: p.arn, CreateDate: p.createdAt, ...(p.validUntil ? { ValidUntil: p.validUntil } : {}) })) };
    },
    async updateSAMLProvider(ctx, input) {
      if (input.AssertionEncryptionMode !== undefined) throw notImplemented('AssertionEncryptionMode');
      if (input.AddPrivateKey !== undefined || input.RemovePrivateKey !== undefined) throw notImplemented('private keys');
      const p = await mustProvider(ctx, input.SAMLProviderArn);
      if (input.SAMLMetadataDocument !== undefined) {
        const m = metadataOf(input.SAMLMetadataDocument);
        await providers.update(ctx.accountId, p.arn, { metadata: input.SAMLMetadataDocument, validUntil: m.validUntil ?? null });
      }
      return { SAMLProviderArn: p.arn };
    },
    async deleteSAMLProvider(ctx, input) {
      await mustProvider(ctx, input.SAMLProviderArn);
      await providers.delete(ctx.accountId, input.SAMLProviderArn);
    },
    async tagSAMLProvider(ctx, input) {
      await tags.tag(ctx, input.SAMLProviderArn, input.Tags);
    },
    async untagSAMLProvider(ctx, input) {
      await tags.untag(ctx, input.SAMLProviderArn, input.TagKeys);
    },
    async listSAMLProviderTags(ctx, input) {
      return tags.page(ctx, input.SAMLProviderArn, input.Marker, input.MaxItems);
    },
  } satisfies Partial<IamApi>;
}
