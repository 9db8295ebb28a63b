// Issue 16 with the aws CLI, as a new user would: enable automated discovery with a short interval, upload a
// sensitive and a clean bucket, read the scores and profiles after the run, override and suppress, then exclude
// the clean bucket and a type and see the next run follow. The server runs on a test clock; the CLI signs with the
// real time, which the server accepts within its 15-minute skew, so the clock is only moved by the interval.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/common/index.js';
import { startServer, type TestServer } from '../harness.js';
import { aws, awsCliAvailable } from '../aws-cli.js';

const clock = new ManualClock(Date.now());
let server: TestServer;
let dir: string;
beforeAll(async () => {
  if (!awsCliAvailable) return;
  server = await startServer({ clock, env: { SIFT_AUTOMATED_DISCOVERY_SECONDS: '60' } });
  dir = mkdtempSync(join(tmpdir(), 'sift-cli-ad-'));
});
afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!awsCliAvailable)('automated discovery with the aws CLI (skipped when the aws CLI is not installed)', () => {
  it('enables, scores, overrides, suppresses and follows scope and template', { timeout: 180_000 }, async () => {
    const env = server.cliEnv();
    const run = async (...args: string[]) => {
      const r = await aws(env, args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r.json;
    };
    const until = async <T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean) => {
      for (let i = 0; i < 200; i++) {
        const v = await read();
        if (ok(v)) return v;
        await new Promise((r) => setTimeout(r, 150));
      }
      throw new Error(`timed out waiting for ${what}`);
    };
    mkdirSync(join(dir, 'hr'));
    mkdirSync(join(dir, 'docs'));
    writeFileSync(join(dir, 'hr', 'payroll.csv'), 'name,ssn,credit card number\nAnn,536-90-4399,4556737586899855\nBo,219-09-9999,4539148803436467\n');
    writeFileSync(join(dir, 'docs', 'readme.txt'), 'Nothing sensitive here, only the weather.\n'.repeat(10));
    await run('macie2', 'enable-macie');
    for (const b of ['cli-ad-hr', 'cli-ad-docs']) await run('s3', 'mb', `s3://${b}`);
    await run('s3', 'sync', join(dir, 'hr'), 's3://cli-ad-hr', '--only-show-errors');
    await run('s3', 'sync', join(dir, 'docs'), 's3://cli-ad-docs', '--only-show-errors');

    await run('macie2', 'update-automated-discovery-configuration', '--status', 'ENABLED');
    const cfg = await run('macie2', 'get-automated-discovery-configuration');
    expect(cfg.status).toBe('ENABLED');
    const score = async (b: string) => (await run('macie2', 'get-resource-profile', '--resource-arn', `arn:aws:s3:::${b}`).catch(() => ({})))?.sensitivityScore;
    const describe = async () => Object.fromEntries(((await run('macie2', 'describe-buckets')).buckets as any[]).map((b) => [b.bucketName, b]));
    const first = await until('the first run', describe, (b) => b['cli-ad-hr']?.sensitivityScore >= 51 && b['cli-ad-docs']?.sensitivityScore < 50 && b['cli-ad-docs']?.lastAutomatedDiscoveryTime);
    expect(first['cli-ad-hr'].automatedDiscoveryMonitoringStatus).toBe('MONITORED');

    const detections = (await run('macie2', 'list-resource-profile-detections', '--resource-arn', 'arn:aws:s3:::cli-ad-hr')).detections;
    expect(detections.map((d: any) => d.id).sort()).toEqual(['CREDIT_CARD_NUMBER', 'USA_SOCIAL_SECURITY_NUMBER']);
    const { artifacts } = await run('macie2', 'list-resource-profile-artifacts', '--resource-arn', 'arn:aws:s3:::cli-ad-docs');
    expect(artifacts).toEqual([{ arn: 'arn:aws:s3:::cli-ad-docs/readme.txt', classificationResultStatus: 'COMPLETE', sensitive: false }]);

    await run('macie2', 'update-resource-profile', '--resource-arn', 'arn:aws:s3:::cli-ad-docs', '--sensitivity-score-override', '100');
    expect(await score('cli-ad-docs')).toBe(100);
    await run('macie2', 'update-resource-profile', '--resource-arn', 'arn:aws:s3:::cli-ad-docs');
    expect(await score('cli-ad-docs')).toBe(first['cli-ad-docs'].sensitivityScore);

    await run('macie2', 'update-resource-profile-detections', '--resource-arn', 'arn:aws:s3:::cli-ad-hr', '--suppress-data-identifiers', 'id=CREDIT_CARD_NUMBER,type=MANAGED', 'id=USA_SOCIAL_SECURITY_NUMBER,type=MANAGED');
    expect(await score('cli-ad-hr')).toBeLessThan(50);
    await run('macie2', 'update-resource-profile-detections', '--resource-arn', 'arn:aws:s3:::cli-ad-hr', '--suppress-data-identifiers', '[]');
    expect(await score('cli-ad-hr')).toBe(first['cli-ad-hr'].sensitivityScore);

    const bad = await aws(env, ['macie2', 'update-resource-profile', '--resource-arn', 'arn:aws:s3:::cli-ad-hr', '--sensitivity-score-override', '42']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('ValidationException');

    // The next run: the docs bucket excluded, SSNs excluded by the template.
    await run('macie2', 'update-classification-scope', '--id', cfg.classificationScopeId, '--s3', JSON.stringify({ excludes: { bucketNames: ['cli-ad-docs'], operation: 'ADD' } }));
    await run('macie2', 'update-sensitivity-inspection-template', '--id', cfg.sensitivityInspectionTemplateId, '--excludes', JSON.stringify({ managedDataIdentifierIds: ['USA_SOCIAL_SECURITY_NUMBER'] }));
    clock.advance(60_000);
    await until('the second run', async () => (await run('macie2', 'list-resource-profile-detections', '--resource-arn', 'arn:aws:s3:::cli-ad-hr')).detections, (d: any[]) => d.length === 1 && d[0].id === 'CREDIT_CARD_NUMBER');
    const after = await describe();
    expect(after['cli-ad-docs'].automatedDiscoveryMonitoringStatus).toBe('NOT_MONITORED');
    const stats = await run('macie2', 'get-bucket-statistics');
    expect(stats.bucketStatisticsBySensitivity.sensitive.totalCount).toBe(1);
  });
});
