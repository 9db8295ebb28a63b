// Server certificates: Upload/Get/List/Update/DeleteServerCertificate and their tags. The certificate must parse and
// be within its validity, the private key must be the certificate's (KeyPairMismatch otherwise); the key is not kept.
import type { Clock, IdSource, RequestContext } from '../../../common/index.js';
import type { IamApi } from '../../../models/iam/index.js';
import { errors } from '../../../models/iam/index.js';
import { checkServerCertificate, newServerCertificateId, type ServerCertificateRecord, type ServerCertificates } from '../../../iam/index.js';
import { page } from '../paging.js';
import { initialTags, wholeListTags } from './tags.js';

/** IAM's quota: server certificates stored per account. */
export const SERVER_CERTIFICATES_PER_ACCOUNT = 20;

export interface ServerCertificateOpsDeps {
  certificates: ServerCertificates;
  ids: IdSource;
  clock: Clock;
}

const metadata = (c: ServerCertificateRecord) => ({ Path: c.path, ServerCertificateName: c.name, ServerCertificateId: c.certificateId, Arn: c.arn, UploadDate: c.uploadedAt, Expiration: c.expiration });
const noCertificate = (name: string) => new errors.NoSuchEntityException(`The Server Certificate with name ${name} cannot be found.`);

export function serverCertificateOps(deps: ServerCertificateOpsDeps) {
  const { certificates } = deps;
  const must = async (ctx: RequestContext, name: string) => {
    const c = await certificates.get(ctx.accountId, name);
    if (!c) throw noCertificate(name);
    return c;
  };
  const tags = wholeListTags<RequestContext>({ find: must, change: (ctx, name, change) => certificates.changeTags(ctx.accountId, name, change), missing: noCertificate });
  return {
    async uploadServerCertificate(ctx, input) {
      const checked = checkServerCertificate(input.CertificateBody, input.PrivateKey, input.CertificateChain);
      if (checked === 'malformed-certificate') throw new errors.MalformedCertificateException('Unable to parse certificate. Please ensure the certificate is in PEM format.');
      if (checked === 'malformed-chain') throw new errors.MalformedCertificateException('Unable to parse certificate chain. Please ensure the chain is PEM-encoded certificates.');
      if (checked === 'malformed-key') throw new errors.MalformedCertificateException('Unable to parse private key. Please ensure it is an unencrypted PEM private key.');
      if (checked === 'mismatch') throw new errors.KeyPairMismatchException('The public key certificate and the private key do not match.');
      const now = deps.clock.now();
      if (checked.notAfter < now || checked.notBefore > now) throw new errors.MalformedCertificateException(`The certificate is expired or not yet valid (valid from ${checked.notBefore.toISOString()} to ${checked.notAfter.toISOString()}).`);
      const tags = initialTags(input.Tags);
      if ((await certificates.count(ctx.accountId)) >= SERVER_CERTIFICATES_PER_ACCOUNT) {
        throw new errors.LimitExceededException(`Cannot exceed quota for ServerCertificatesPerAccount: ${SERVER_CERTIFICATES_PER_ACCOUNT}`);
      }
      const created = await certificates.add({
        accountId: ctx.accountId,
        name: input.ServerCertificateName,
        certificateId: newServerCertificateId(deps.ids),
        path: input.Path ?? '/',
        body: input.CertificateBody,
        ...(input.CertificateChain !== undefined ? { chain: input.CertificateChain } : {}),
        expiration: checked.notAfter,
        tags,
      });
      if (!created) throw new errors.EntityAlreadyExistsException(`The Server Certificate with name ${input.ServerCertificateName} already exists.`);
      return { ServerCertificateMetadata: metadata(created), ...(tags.length ? { Tags: tags } : {}) };
    },
    async getServerCertificate(ctx, input) {
      const c = await must(ctx, input.ServerCertificateName);
      return { ServerCertificate: { ServerCertificateMetadata: metadata(c), CertificateBody: c.body, ...(c.chain ? { CertificateChain: c.chain } : {}), ...(c.tags.length ? { Tags: c.tags } : {}) } };
    },
    async listServerCertificates(ctx, input) {
      const p = page(await certificates.list(ctx.accountId, input.PathPrefix ?? '/'), input.Marker, input.MaxItems);
      return { ServerCertificateMetadataList: p.slice.map(metadata), IsTruncated: p.IsTruncated, Marker: p.Marker };
    },
    async updateServerCertificate(ctx, input) {
      const result = await certificates.update(ctx.accountId, input.ServerCertificateName, {
        ...(input.NewServerCertificateName !== undefined ? { name: input.NewServerCertificateName } : {}),
        ...(input.NewPath !== undefined ? { path: input.NewPath } : {}),
      });
      if (result === 'missing') throw noCertificate(input.ServerCertificateName);
      if (result === 'taken') throw new errors.EntityAlreadyExistsException(`The Server Certificate with name ${input.NewServerCertificateName} already exists.`);
    },
    async deleteServerCertificate(ctx, input) {
      if (!(await certificates.delete(ctx.accountId, input.ServerCertificateName))) throw noCertificate(input.ServerCertificateName);
    },
    async tagServerCertificate(ctx, input) {
      await tags.tag(ctx, input.ServerCertificateName, input.Tags);
    },
    async untagServerCertificate(ctx, input) {
      await tags.untag(ctx, input.ServerCertificateName, input.TagKeys);
    },
    async listServerCertificateTags(ctx, input) {
      return tags.page(ctx, input.ServerCertificateName, input.Marker, input.MaxItems);
    },
  } satisfies Partial<IamApi>;
}
