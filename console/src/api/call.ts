// One signed call to Sift's API from the page, in the protocols the console uses: restJson (Macie), awsJson 1.1
// (CloudWatch Logs, CloudTrail, Organizations), awsJson 1.0 (CloudWatch) and awsQuery (STS). Errors become ApiError with AWS's code and message.
import { signRequest, type Credentials } from './sign.js';

export interface Session extends Credentials {
  region: string;
  /** Set after "Switch role": the signed-in identity, whose keys assumed the role and come back on "Switch back". */
  base?: BaseIdentity;
  /** When the switched-role session's temporary credentials expire (ISO 8601). */
  expiresAt?: string;
  /** When the user signed in (ISO 8601): CloudTrail's sessionContext.attributes.creationDate for console calls. */
  createdAt: string;
  arn: string;
  account: string;
}

export interface BaseIdentity extends Credentials {
  arn: string;
  account: string;
}

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
  get notAuthorized(): boolean {
    return /^(AccessDenied|AccessDeniedException|UnauthorizedOperation|NotAuthorized)$/.test(this.code);
  }
}

const CONSOLE_HEADER = 'x-sift-console-session';

async function send(session: Session, service: string, method: string, path: string, query: Record<string, string>, headers: Record<string, string>, body?: string): Promise<Response> {
  const all = { ...headers, [CONSOLE_HEADER]: session.createdAt };
  const signed = await signRequest(session, session.region, service, { method, path, query, headers: all, body });
  const qs = new URLSearchParams(query).toString();
  try {
    return await fetch(path + (qs ? `?${qs}` : ''), { method, headers: signed, body, credentials: 'omit', cache: 'no-store' });
  } catch (err) {
    throw new ApiError('NetworkError', `Sift did not answer (${err instanceof Error ? err.message : String(err)}). Is the server running?`, 0);
  }
}

async function jsonError(res: Response): Promise<ApiError> {
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    /* not JSON: keep the status */
  }
  const header = res.headers.get('x-amzn-errortype') ?? '';
  const rawCode = String(body.__type ?? body.code ?? header ?? '') || `HTTP${res.status}`;
  const code = rawCode.split(':')[0]!.split('#').pop()!;
  const message = String(body.message ?? body.Message ?? (text || res.statusText));
  return new ApiError(code, message, res.status);
}

/** restJson: Macie. */
export async function restJson<T>(session: Session, service: string, method: string, path: string, input?: unknown, query: Record<string, string> = {}): Promise<T> {
  const body = input === undefined ? undefined : JSON.stringify(input);
  const res = await send(session, service, method, path, query, body === undefined ? {} : { 'content-type': 'application/json' }, body);
  if (!res.ok) throw await jsonError(res);
  const text = await res.text();
  return (text ? JSON.parse(text) : {}) as T;
}

/** awsJson 1.1: CloudWatch Logs ("Logs_20140328"), CloudTrail; awsJson 1.0: CloudWatch's JSON mode. */
export async function awsJson<T>(session: Session, service: string, target: string, input: unknown, version: '1.0' | '1.1' = '1.1'): Promise<T> {
  const body = JSON.stringify(input ?? {});
  const res = await send(session, service, 'POST', '/', {}, { 'content-type': `application/x-amz-json-${version}`, 'x-amz-target': target }, body);
  if (!res.ok) throw await jsonError(res);
  return JSON.parse(await res.text()) as T;
}

/** awsQuery: STS. Answers the parsed XML document. */
export async function awsQuery(session: Session, service: string, action: string, version: string, params: Record<string, string> = {}): Promise<Document> {
  const body = new URLSearchParams({ Action: action, Version: version, ...params }).toString();
  const res = await send(session, service, 'POST', '/', {}, { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body);
  const doc = new DOMParser().parseFromString(await res.text(), 'application/xml');
  if (!res.ok) {
    const code = doc.querySelector('Error > Code')?.textContent ?? `HTTP${res.status}`;
    const message = doc.querySelector('Error > Message')?.textContent ?? res.statusText;
    throw new ApiError(code, message, res.status);
  }
  return doc;
}
