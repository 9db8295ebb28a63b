// The key SNS messages are signed with, and the certificate receivers check the signature against. One RSA 2048 key
// per Region, with a self-signed X.509 certificate for it, kept in the database (so every process of a scale-out
// deployment signs with the same key) with the private key sealed under a key derived from the master key, as trail
// signing keys are. The certificate is served, unauthenticated, at SigningCertURL:
// <endpoint>/SimpleNotificationService-<cert id>.pem. Signatures follow SNS: SignatureVersion 1 is SHA1withRSA,
// 2 is SHA256withRSA, over the "Name\nvalue\n" lines of the message's signed fields in byte order of their names.
import { createSign, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { Clock, IdSource, SecretBox } from '../../common/index.js';
import type { Store } from '../../store/index.js';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export interface SigningKey {
  certId: string;
  certPem: string;
  sign(text: string, version: '1' | '2'): string;
}

const YEAR_MS = 365 * 86_400_000;

/** The fields each message type signs, in the order SNS concatenates them. */
const SIGNED_FIELDS: Record<string, string[]> = {
  Notification: ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'],
  SubscriptionConfirmation: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
  UnsubscribeConfirmation: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
};

/** The text SNS signs for a message (Subject only when the message has one). */
export function stringToSign(message: Record<string, unknown>): string {
  const fields = SIGNED_FIELDS[String(message.Type)] ?? [];
  let out = '';
  for (const f of fields) {
    const v = message[f];
    if (v === undefined || v === null) continue;
    out += `${f}\n${String(v)}\n`;
  }
  return out;
}

export class SnsSigningKeys {
  private readonly cache = new Map<string, SigningKey>();
  constructor(
    private readonly deps: { store: Store; clock: Clock; ids: IdSource },
    private readonly box?: SecretBox,
  ) {}

  /** The Region's key, created on first use (one wins when two processes race: the primary key). */
  async forRegion(region: string): Promise<SigningKey> {
    const hit = this.cache.get(region);
    if (hit) return hit;
    let row = await this.deps.store.db.selectFrom('sns_signing_keys').selectAll().where('region', '=', region).executeTakeFirst();
    if (!row) {
      const created = await this.create(region);
      await this.deps.store.db.insertInto('sns_signing_keys').values(created).onConflict((oc) => oc.column('region').doNothing()).execute();
      row = await this.deps.store.db.selectFrom('sns_signing_keys').selectAll().where('region', '=', region).executeTakeFirstOrThrow();
    }
    const pem = this.box ? this.box.open(row.private_key, `sns-signing-keys/${region}`) : row.private_key;
    const key: SigningKey = {
      certId: row.cert_id,
      certPem: row.cert_pem,
      sign: (text, version) => createSign(version === '2' ? 'RSA-SHA256' : 'RSA-SHA1').update(text, 'utf8').sign(pem, 'base64'),
    };
    this.cache.set(region, key);
    return key;
  }

  /** The certificate served under `certId`, if it is one of ours. */
  async certificate(certId: string): Promise<string | undefined> {
    if (!/^[0-9a-f]{32}$/.test(certId)) return undefined;
    const row = await this.deps.store.db.selectFrom('sns_signing_keys').select('cert_pem').where('cert_id', '=', certId).executeTakeFirst();
    return row?.cert_pem;
  }

  private async create(region: string) {
    const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
    const keys = (await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
    const now = this.deps.clock.nowMs();
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: this.deps.ids.hex(16),
      name: `CN=sns.${region}.sift.local, O=Sift`,
      notBefore: new Date(now - 86_400_000),
      notAfter: new Date(now + 10 * YEAR_MS),
      signingAlgorithm: alg,
      keys,
      extensions: [new x509.BasicConstraintsExtension(false, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)],
    });
    const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
    const pem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END PRIVATE KEY-----\n`;
    return {
      region,
      cert_id: this.deps.ids.hex(16),
      cert_pem: cert.toString('pem') + '\n',
      private_key: this.box ? this.box.seal(pem, `sns-signing-keys/${region}`) : pem,
      created_at: now,
    };
  }
}
