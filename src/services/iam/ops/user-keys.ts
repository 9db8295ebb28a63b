// SSH public keys (Upload/Get/List/Update/DeleteSSHPublicKey) and X.509 signing certificates
// (Upload/List/Update/DeleteSigningCertificate) of IAM users, validated as IAM validates them: ssh-rsa or PEM RSA
// keys of at least 2048 bits, five per user; PEM certificates that parse and are within their validity, two per user,
// the same certificate at most once in the account.
import { ServiceError, type IdSource, type RequestContext } from '../../../common/index.js';
import type { IamApi } from '../../../models/iam/index.js';
import { errors } from '../../../models/iam/index.js';
import { newSigningCertificateId, newSshPublicKeyId, parseCertificate, parseSshPublicKey, type UserCredentials } from '../../../iam/index.js';
import { page } from '../paging.js';

export const SSH_KEYS_PER_USER = 5;
export const SIGNING_CERTIFICATES_PER_USER = 2;

export interface UserKeyOpsDeps {
  credentials: UserCredentials;
  ids: IdSource;
  clock: { now(): Date };
  user(ctx: RequestContext, userName: string | undefined): Promise<{ userName: string }>;
}

const noKey = (id: string) => new errors.NoSuchEntityException(`The Public Key with id ${id} cannot be found.`);
const noCertificate = (id: string) => new errors.NoSuchEntityException(`The Certificate with id ${id} cannot be found.`);

function checkStatus(status: string): 'Active' | 'Inactive' {
  if (status !== 'Active' && status !== 'Inactive') throw new ServiceError('ValidationError', `1 validation error detected: Value '${status}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]`, 400);
  return status;
}

export function userKeyOps(deps: UserKeyOpsDeps) {
  const { credentials } = deps;
  return {
    async uploadSSHPublicKey(ctx, input) {
      const user = await deps.user(ctx, input.UserName);
      const key = parseSshPublicKey(input.SSHPublicKeyBody);
      if (key === 'unrecognized') throw new errors.UnrecognizedPublicKeyEncodingException('The public key encoding format is unsupported or unrecognized: use ssh-rsa or PEM.');
      if (key === 'invalid') throw new errors.InvalidPublicKeyException('The public key is malformed or otherwise invalid (an RSA key of at least 2048 bits is required).');
      const existing = await credentials.list(ctx.accountId, 'ssh', user.userName);
      if (existing.some((c) => c.fingerprint === key.fingerprint)) throw new errors.DuplicateSSHPublicKeyException('The SSH public key is already associated with the specified IAM user.');
      if (existing.length >= SSH_KEYS_PER_USER) throw new errors.LimitExceededException(`Cannot exceed quota for SSHPublicKeysPerUser: ${SSH_KEYS_PER_USER}`);
      const c = await credentials.add({ id: newSshPublicKeyId(deps.ids), accountId: ctx.accountId, kind: 'ssh', userName: user.userName, body: input.SSHPublicKeyBody, fingerprint: key.fingerprint });
      return { SSHPublicKey: { UserName: user.userName, SSHPublicKeyId: c.id, Fingerprint: c.fingerprint, SSHPublicKeyBody: input.SSHPublicKeyBody, Status: c.status, UploadDate: c.uploadedAt } };
    },
    async getSSHPublicKey(ctx, input) {
      const user = await deps.user(ctx, input.UserName);
      const c = await credentials.get(ctx.accountId, 'ssh', user.userName, input.SSHPublicKeyId);
      if (!c) throw noKey(input.SSHPublicKeyId);
      const key = parseSshPublicKey(c.body);
      if (typeof key === 'string') throw new errors.ServiceFailureException('The stored key no longer parses.');
      if (input.Encoding !== 'SSH' && input.Encoding !== 'PEM') {
        throw new errors.UnrecognizedPublicKeyEncodingException(`The encoding ${String(input.Encoding)} is not supported: use SSH or PEM.`);
      }
      return { SSHPublicKey: { UserName: user.userName, SSHPublicKeyId: c.id, Fingerprint: c.fingerprint, SSHPublicKeyBody: input.Encoding === 'SSH' ? key.ssh : key.pem, Status: c.status, UploadDate: c.uploadedAt } };
    },
    async listSSHPublicKeys(ctx, input) {
      const user = await deps.user(ctx, input.UserName);
      const p = page(await credentials.list(ctx.accountId, 'ssh', user.userName), input.Marker, input.MaxItems);
      return { SSHPublicKeys: p.slice.map((c) => ({ UserName: user.userName, SSHPublicKeyId: c.id, Status: c.status, UploadDate: c.uploadedAt })), IsTruncated: p.IsTruncated, Marker: p.Marker };
    },
    async updateSSHPublicKey(ctx, input) {
      const user = await deps.user(ctx, input.UserName);
      if (!(await credentials.setStatus(ctx.accountId, 'ssh', user.userName, input.SSHPublicKeyId, checkStatus(input.Status)))) throw noKey(input.SSHPublicKeyId);
    },
    async deleteSSHPublicKey(ctx, input) {
      const user = await deps.user(ctx, input.UserName);
      if (!(await credentials.delete(ctx.accountId, 'ssh', user.userName, input.SSHPublicKeyId))) throw noKey(input.SSHPublicKeyId);
    },

    async uploadSigningCertificate(ctx, input) {
      const user = await deps.user(ctx, input.UserName);
      const cert = parseCertificate(input.CertificateBody);
      if (!cert) throw new errors.MalformedCertificateException('The certificate is malformed: one PEM-encoded X.509 certificate is expected.');
      const now = deps.clock.now();
      if (cert.notAfter < now || cert.notBefore > now) throw new errors.MalformedCertificateException(`The certificate is expired or not yet valid (valid from ${cert.notBefore.toISOString()} to ${cert.notAfter.toISOString()}).`);
      if ((await credentials.list(ctx.accountId, 'signing')).some((c) => c.fingerprint === cert.sha256)) {
        throw new errors.DuplicateCertificateException('The same certificate is associated with an IAM user in the account.');
      }
      if ((await credentials.list(ctx.accountId, 'signing', user.userName)).length >= SIGNING_CERTIFICATES_PER_USER) {
        throw new errors.LimitExceededException(`Cannot exceed quota for SigningCertificatesPerUser: ${SIGNING_CERTIFICATES_PER_USER}`);
      }
      const c = await credentials.add({ id: newSigningCertificateId(deps.ids), accountId: ctx.accountId, kind: 'signing', userName: user.userName, body: input.CertificateBody, fingerprint: cert.sha256 });
      return { Certificate: { UserName: user.userName, CertificateId: c.id, CertificateBody: c.body, Status: c.status, UploadDate: c.uploadedAt } };
    },
    async listSigningCertificates(ctx, input) {
      const user = await deps.user(ctx, input.UserName);
      const p = page(await credentials.list(ctx.accountId, 'signing', user.userName), input.Marker, input.MaxItems);
      return { Certificates: p.slice.map((c) => ({ UserName: user.userName, CertificateId: c.id, CertificateBody: c.body, Status: c.status, UploadDate: c.uploadedAt })), IsTruncated: p.IsTruncated, Marker: p.Marker };
    },
    async updateSigningCertificate(ctx, input) {
      const user = await deps.user(ctx, input.UserName);
      if (!(await credentials.setStatus(ctx.accountId, 'signing', user.userName, input.CertificateId, checkStatus(input.Status)))) throw noCertificate(input.CertificateId);
    },
    async deleteSigningCertificate(ctx, input) {
      const user = await deps.user(ctx, input.UserName);
      if (!(await credentials.delete(ctx.accountId, 'signing', user.userName, input.CertificateId))) throw noCertificate(input.CertificateId);
    },
  } satisfies Partial<IamApi>;
}
