// Issue 6 with the aws CLI, as a new user would: upload to two buckets, create a one-time job, watch it complete,
// list and read its findings, and find JOB_COMPLETED in the job's log stream with a filter pattern.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../harness.js';
import { aws, awsCliAvailable } from '../aws-cli.js';

let server: TestServer;
let dir: string;
beforeAll(async () => {
  if (!awsCliAvailable) return;
  server = await startServer();
  dir = mkdtempSync(join(tmpdir(), 'sift-cli-jobs-'));
});
afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!awsCliAvailable)('classification jobs with the aws CLI (skipped when the aws CLI is not installed)', () => {
  it('runs a one-time job over two buckets and finds its JOB_COMPLETED event', { timeout: 180_000 }, async () => {
    const env = server.cliEnv();
    const run = async (...args: string[]) => {
      const r = await aws(env, args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r.json;
    };
    mkdirSync(join(dir, 'hr'));
    mkdirSync(join(dir, 'app'));
    writeFileSync(join(dir, 'hr', 'payroll.csv'), 'name,ssn\nAnn,536-90-4399\nBo,219-09-9999\n');
    writeFileSync(join(dir, 'app', 'orders.json'), JSON.stringify({ order: { card: '4556737586899855', total: 12 } }));
    writeFileSync(join(dir, 'app', 'readme.md'), '# nothing sensitive\n');
    await run('macie2', 'enable-macie');
    for (const b of ['cli-hr', 'cli-app']) await run('s3', 'mb', `s3://${b}`);
    await run('s3', 'sync', join(dir, 'hr'), 's3://cli-hr', '--only-show-errors');
    await run('s3', 'sync', join(dir, 'app'), 's3://cli-app', '--only-show-errors');

    const definition = JSON.stringify({ bucketDefinitions: [{ accountId: server.accountId, buckets: ['cli-hr', 'cli-app'] }] });
    const { jobId } = await run('macie2', 'create-classification-job', '--job-type', 'ONE_TIME', '--name', 'cli-job', '--s3-job-definition', definition);
    let status = '';
    for (let i = 0; i < 120 && status !== 'COMPLETE'; i++) {
      status = (await run('macie2', 'describe-classification-job', '--job-id', jobId)).jobStatus;
      if (status !== 'COMPLETE') await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe('COMPLETE');

    const { findingIds } = await run('macie2', 'list-findings', '--finding-criteria', JSON.stringify({ criterion: { 'classificationDetails.jobId': { eq: [jobId] } } }));
    const { findings } = await run('macie2', 'get-findings', '--finding-ids', ...findingIds);
    const types = Object.fromEntries(findings.map((f: any) => [`${f.resourcesAffected.s3Bucket.name}/${f.resourcesAffected.s3Object.key}`, f.type]));
    expect(types).toEqual({ 'cli-hr/payroll.csv': 'SensitiveData:S3Object/Personal', 'cli-app/orders.json': 'SensitiveData:S3Object/Financial' });

    let events: any[] = [];
    for (let i = 0; i < 40 && events.length === 0; i++) {
      events = (await run('logs', 'filter-log-events', '--log-group-name', '/aws/macie/classificationjobs', '--log-stream-names', jobId, '--filter-pattern', '{ $.eventType = "JOB_COMPLETED" }')).events;
      if (events.length === 0) await new Promise((r) => setTimeout(r, 250));
    }
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0].message)).toMatchObject({ jobId, eventType: 'JOB_COMPLETED', description: 'The job finished running.', jobName: 'cli-job' });
  });
});
