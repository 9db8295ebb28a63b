// PutBucketWebsite's checks (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketWebsite.html, User Guide
// "Configuring an index document", "Setting up redirects"): either RedirectAllRequestsTo alone, or an IndexDocument
// (a non-empty Suffix without a slash) with an optional ErrorDocument and at most 50 RoutingRules. Each rule has a
// Redirect (ReplaceKeyWith or ReplaceKeyPrefixWith, not both; a 3XX HttpRedirectCode other than 300; Protocol http or
// https) and an optional Condition (KeyPrefixEquals and/or HttpErrorCodeReturnedEquals, a 4XX or 5XX code).
import type * as T from '../../../models/s3/index.js';
import { s3Errors } from '../../../storage/index.js';

/** S3: "a website configuration can have up to 50 routing rules". */
export const MAX_ROUTING_RULES = 50;

function checkProtocol(p: string | undefined): void {
  if (p !== undefined && p !== 'http' && p !== 'https') throw s3Errors.invalidArgument('Invalid protocol, protocol can be http or https. If not defined the protocol will be selected automatically.', 'Protocol', p);
}

function checkRule(rule: T.RoutingRule): void {
  const r = rule.Redirect;
  if (!r) throw s3Errors.malformedXml();
  if (r.ReplaceKeyWith !== undefined && r.ReplaceKeyPrefixWith !== undefined) throw s3Errors.invalidRequest('You can only define ReplaceKeyPrefix or ReplaceKey but not both.');
  if (r.HttpRedirectCode !== undefined && (!/^3\d\d$/.test(r.HttpRedirectCode) || r.HttpRedirectCode === '300')) {
    throw s3Errors.invalidArgument(`The provided HTTP redirect code (${r.HttpRedirectCode}) is not valid. Valid codes are 3XX except 300.`, 'HttpRedirectCode', r.HttpRedirectCode);
  }
  checkProtocol(r.Protocol);
  if (r.HostName === undefined && r.Protocol === undefined && r.ReplaceKeyWith === undefined && r.ReplaceKeyPrefixWith === undefined && r.HttpRedirectCode === undefined) {
    throw s3Errors.invalidRequest('Redirect must contain at least one of the following: HostName, Protocol, ReplaceKeyWith, ReplaceKeyPrefixWith, HttpRedirectCode.');
  }
  const code = rule.Condition?.HttpErrorCodeReturnedEquals;
  if (code !== undefined && !/^[45]\d\d$/.test(code)) throw s3Errors.invalidArgument('The provided HTTP error code is not valid. Valid codes are 4XX or 5XX.', 'HttpErrorCodeReturnedEquals', code);
  if (rule.Condition && rule.Condition.KeyPrefixEquals === undefined && code === undefined) throw s3Errors.invalidRequest('Condition cannot be empty. To redirect all requests without a condition, the condition element shouldn\'t be present.');
}

/** The configuration as S3 accepts it, or S3's error. */
export function validateWebsiteConfiguration(config: T.WebsiteConfiguration | undefined): T.WebsiteConfiguration {
  if (!config) throw s3Errors.malformedXml();
  if (config.RedirectAllRequestsTo) {
    if (config.IndexDocument || config.ErrorDocument || config.RoutingRules) throw s3Errors.invalidRequest('RedirectAllRequestsTo cannot be provided in conjunction with other Routing Rules.');
    if (!config.RedirectAllRequestsTo.HostName) throw s3Errors.malformedXml();
    checkProtocol(config.RedirectAllRequestsTo.Protocol);
    return { RedirectAllRequestsTo: config.RedirectAllRequestsTo };
  }
  const suffix = config.IndexDocument?.Suffix;
  if (suffix === undefined) throw s3Errors.invalidArgument('A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is empty', 'IndexDocument', '');
  if (suffix === '' || suffix.includes('/')) throw s3Errors.invalidArgument('The IndexDocument Suffix is not well formed', 'IndexDocument', suffix);
  if (config.ErrorDocument && !config.ErrorDocument.Key) throw s3Errors.invalidArgument('The ErrorDocument Key is not well formed', 'ErrorDocument', '');
  const rules = config.RoutingRules ?? [];
  if (rules.length > MAX_ROUTING_RULES) throw s3Errors.invalidRequest(`The number of routing rules must not exceed ${MAX_ROUTING_RULES}.`);
  rules.forEach(checkRule);
  return {
    IndexDocument: { Suffix: suffix },
    ...(config.ErrorDocument ? { ErrorDocument: config.ErrorDocument } : {}),
    ...(config.RoutingRules ? { RoutingRules: config.RoutingRules } : {}),
  };
}

/** The routing rule that applies: the first whose condition holds for the key (and, when it names one, the error). */
export function matchRoutingRule(rules: readonly T.RoutingRule[], key: string, errorCode?: number): T.RoutingRule | undefined {
  return rules.find((r) => {
    const c = r.Condition;
    if (!c) return errorCode === undefined;
    if (c.KeyPrefixEquals !== undefined && !key.startsWith(c.KeyPrefixEquals)) return false;
    if (c.HttpErrorCodeReturnedEquals !== undefined) return errorCode !== undefined && String(errorCode) === c.HttpErrorCodeReturnedEquals;
    return errorCode === undefined;
  });
}

/** Where a rule's Redirect sends a request for `key` (the Location header) and with which status. */
export function redirectOf(rule: T.RoutingRule, key: string, request: { host: string; protocol: string }): { status: number; location: string } {
  const r = rule.Redirect;
  const prefix = rule.Condition?.KeyPrefixEquals ?? '';
  const target = r.ReplaceKeyWith !== undefined ? r.ReplaceKeyWith : r.ReplaceKeyPrefixWith !== undefined ? r.ReplaceKeyPrefixWith + key.slice(prefix.length) : key;
  const location = `${r.Protocol ?? request.protocol}://${r.HostName ?? request.host}/${encodePath(target)}`;
  return { status: r.HttpRedirectCode ? Number(r.HttpRedirectCode) : 301, location };
}

export const encodePath = (key: string) => key.split('/').map(encodeURIComponent).join('/');
