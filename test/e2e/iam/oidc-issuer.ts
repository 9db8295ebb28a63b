// A real OpenID Connect issuer for tests: HTTPS on 127.0.0.1 with a self-signed certificate made here, serving its
// discovery document and JWKS, and signing ID tokens (RS256, with jose) as an IdP would.
import { createHash, webcrypto } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import * as x509 from '@peculiar/x509';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';

export interface TestIssuer {
  /** https://127.0.0.1:<port> */
  url: string;
  /** The issuer as IAM names it: without https:// */
  name: string;
  /** The server certificate (PEM), to trust through SIFT_OIDC_CA_BUNDLE. */
  certPem: string;
  /** SHA-1 of the certificate's DER, the thumbprint IAM would list. */
  thumbprint: string;
  sign(claims: JWTPayload, opts?: { foreignKey?: boolean; kid?: string }): Promise<string>;
  close(): Promise<void>;
}

export async function startIssuer(): Promise<TestIssuer> {
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const tlsKeys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=127.0.0.1',
    notBefore: new Date(Date.now() - 86_400_000),
    notAfter: new Date(Date.now() + 86_400_000 * 30),
    signingAlgorithm: alg,
    keys: tlsKeys,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: '127.0.0.1' }])],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', tlsKeys.privateKey)).toString('base64');
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END PRIVATE KEY-----\n`;
  const certPem = cert.toString('pem') + '\n';

  const signing = await generateKeyPair('RS256');
  const foreign = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(signing.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  let url = '';
  const server: Server = createServer({ key: keyPem, cert: certPem }, (req, res) => {
    if (req.url === '/.well-known/openid-configuration') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ issuer: url, jwks_uri: `${url}/jwks`, id_token_signing_alg_values_supported: ['RS256'] }));
    } else if (req.url === '/jwks') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  url = `https://127.0.0.1:${port}`;
  return {
    url,
    name: url.slice('https://'.length),
    certPem,
    thumbprint: createHash('sha1').update(Buffer.from(cert.rawData)).digest('hex'),
    async sign(claims, opts = {}) {
      return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: opts.kid ?? 'k1', typ: 'JWT' }).sign(opts.foreignKey ? foreign.privateKey : signing.privateKey);
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
