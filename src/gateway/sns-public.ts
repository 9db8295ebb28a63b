// The three SNS addresses a receiver calls without AWS credentials, as SNS serves them: the signing certificate
// (SigningCertURL, /SimpleNotificationService-<id>.pem), the SubscribeURL (GET ?Action=ConfirmSubscription&TopicArn=…
// &Token=…) and the UnsubscribeURL (GET ?Action=Unsubscribe&SubscriptionArn=…). Signed requests never come here:
// they take the authenticated path like every API call. Answers are SNS's XML.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SnsInternal } from '../services/sns/index.js';

const NS = 'http://sns.amazonaws.com/doc/2010-03-31/';
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function xml(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/xml', 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

function error(res: ServerResponse, status: number, code: string, message: string): void {
  const id = randomUUID();
  xml(res, status, `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${esc(message)}</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`);
}

export function handleSnsPublicUrls(req: IncomingMessage, res: ServerResponse, sns: SnsInternal): boolean {
  if (req.method !== 'GET' || req.headers.authorization) return false;
  const url = new URL(req.url ?? '/', 'http://sift');
  const cert = /^\/SimpleNotificationService-([0-9a-f]+)\.pem$/.exec(url.pathname);
  const action = url.pathname === '/' && !url.searchParams.has('X-Amz-Credential') ? url.searchParams.get('Action') : null;
  if (!cert && action !== 'ConfirmSubscription' && action !== 'Unsubscribe') return false;
  void (async () => {
    try {
      if (cert) {
        const pem = await sns.certificate(cert[1]!);
        if (!pem) return error(res, 404, 'NotFound', 'No such certificate');
        res.writeHead(200, { 'content-type': 'application/x-x509-ca-cert', 'content-length': String(Buffer.byteLength(pem)) });
        res.end(pem);
        return;
      }
      const id = randomUUID();
      if (action === 'ConfirmSubscription') {
        const arn = await sns.confirmByUrl(url.searchParams.get('TopicArn') ?? '', url.searchParams.get('Token') ?? '');
        if (!arn) return error(res, 400, 'InvalidParameter', 'Invalid token');
        return xml(res, 200, `<ConfirmSubscriptionResponse xmlns="${NS}"><ConfirmSubscriptionResult><SubscriptionArn>${esc(arn)}</SubscriptionArn></ConfirmSubscriptionResult><ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata></ConfirmSubscriptionResponse>`);
      }
      const done = await sns.unsubscribeByUrl(url.searchParams.get('SubscriptionArn') ?? '');
      if (!done) return error(res, 400, 'InvalidParameter', 'Invalid parameter: SubscriptionArn');
      return xml(res, 200, `<UnsubscribeResponse xmlns="${NS}"><ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata></UnsubscribeResponse>`);
    } catch {
      if (!res.headersSent) error(res, 500, 'InternalFailure', 'Internal failure');
    }
  })();
  return true;
}
