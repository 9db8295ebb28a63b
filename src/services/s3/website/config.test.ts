// The website configuration's checks, routing rule choice and redirects, and S3's HTML error page.
import { describe, expect, it } from 'vitest';
import type { ServiceError } from '../../../common/index.js';
import type * as T from '../../../models/s3/index.js';
import { matchRoutingRule, redirectOf, validateWebsiteConfiguration } from './config.js';
import { errorPage } from './serve.js';
import { websiteEndpointBucket } from '../../../protocol/index.js';

const code = (c: T.WebsiteConfiguration) => {
  try {
    validateWebsiteConfiguration(c);
    return 'ok';
  } catch (e) {
    return `${(e as ServiceError).httpStatus} ${(e as ServiceError).code}`;
  }
};
const INDEX = { IndexDocument: { Suffix: 'index.html' } };

describe('website configuration', () => {
  it('checks configurations as S3 does', () => {
    expect(code(INDEX)).toBe('ok');
    expect(code({ IndexDocument: { Suffix: '' } })).toBe('400 InvalidArgument');
    expect(code({ IndexDocument: { Suffix: 'a/b' } })).toBe('400 InvalidArgument');
    expect(code({ RedirectAllRequestsTo: { HostName: 'x.example' } })).toBe('ok');
    expect(code({ RedirectAllRequestsTo: { HostName: 'x.example', Protocol: 'ftp' as never } })).toBe('400 InvalidArgument');
    expect(code({ ...INDEX, RoutingRules: Array(50).fill({ Redirect: { HostName: 'a' } }) })).toBe('ok');
    expect(code({ ...INDEX, RoutingRules: Array(51).fill({ Redirect: { HostName: 'a' } }) })).toBe('400 InvalidRequest');
    expect(code({ ...INDEX, RoutingRules: [{ Redirect: { HttpRedirectCode: '399' } }] })).toBe('ok');
    expect(code({ ...INDEX, RoutingRules: [{ Redirect: { HttpRedirectCode: '404' } }] })).toBe('400 InvalidArgument');
    expect(code({ ...INDEX, RoutingRules: [{ Redirect: {} }] })).toBe('400 InvalidRequest');
    expect(code({ ...INDEX, RoutingRules: [{ Condition: { HttpErrorCodeReturnedEquals: '200' }, Redirect: { HostName: 'a' } }] })).toBe('400 InvalidArgument');
    expect(code({ ...INDEX, RoutingRules: [{ Condition: {}, Redirect: { HostName: 'a' } }] })).toBe('400 InvalidRequest');
  });

  it('picks routing rules before the read (prefix) and on an error (code), and builds the redirect', () => {
    const rules: T.RoutingRule[] = [
      { Condition: { KeyPrefixEquals: 'docs/' }, Redirect: { ReplaceKeyPrefixWith: 'documents/' } },
      { Condition: { HttpErrorCodeReturnedEquals: '404' }, Redirect: { HostName: 'h.example', ReplaceKeyWith: 'missing.html', HttpRedirectCode: '302', Protocol: 'https' } },
    ];
    expect(matchRoutingRule(rules, 'docs/a.html')).toBe(rules[0]);
    expect(matchRoutingRule(rules, 'x.html')).toBeUndefined();
    expect(matchRoutingRule(rules, 'x.html', 404)).toBe(rules[1]);
    expect(matchRoutingRule(rules, 'x.html', 403)).toBeUndefined();
    expect(redirectOf(rules[0]!, 'docs/a b.html', { host: 'site:9', protocol: 'http' })).toEqual({ status: 301, location: 'http://site:9/documents/a%20b.html' });
    expect(redirectOf(rules[1]!, 'x.html', { host: 'site', protocol: 'http' })).toEqual({ status: 302, location: 'https://h.example/missing.html' });
  });

  it('names the bucket and Region of website endpoint hosts only', () => {
    expect(websiteEndpointBucket('my.site.s3-website-eu-west-1.amazonaws.com')).toEqual({ bucket: 'my.site', region: 'eu-west-1' });
    expect(websiteEndpointBucket('b.s3-website.us-east-1.localhost:4566')).toEqual({ bucket: 'b', region: 'us-east-1' });
    expect(websiteEndpointBucket('b.s3-website-us-east-1.evil.example')).toBeUndefined();
    expect(websiteEndpointBucket('b.s3.us-east-1.amazonaws.com')).toBeUndefined();
  });

  it('writes HTML error pages with escaped values', () => {
    const page = errorPage({ status: 404, code: 'NoSuchKey', message: 'The specified key does not exist.', fields: { Key: '<script>' } }, 'REQ');
    expect(page).toContain('<title>404 Not Found</title>');
    expect(page).toContain('<li>Key: &#60;script&#62;</li>');
    expect(page).not.toContain('<script>');
  });
});
