// Issue 6: `sift demo`, the README's first command, on a fresh data directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sift } from './sift-cli.js';

const dataDir = mkdtempSync(join(tmpdir(), 'sift-demo-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('sift demo', () => {
  it('fills two buckets, runs a job to COMPLETE and shows findings and job events', { timeout: 300_000 }, async () => {
    const res = await sift(['demo', '--data-dir', dataDir, '--port', '0']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/Uploaded 8 files to s3:\/\/demo-hr-exports and s3:\/\/demo-app-data/);
    expect(res.stdout).toMatch(/Job [0-9a-f]{32} is COMPLETE/);
    for (const type of ['USA_SOCIAL_SECURITY_NUMBER', 'CREDIT_CARD_NUMBER', 'AWS_CREDENTIALS']) expect(res.stdout).toContain(type);
    expect(res.stdout).toContain('s3://demo-hr-exports/archive/clinic-backup.zip');
    expect(res.stdout).not.toContain('exports/teams.csv'); // ordinary data is not a finding
    for (const event of ['JOB_CREATED', 'ONE_TIME_JOB_STARTED', 'JOB_COMPLETED']) expect(res.stdout).toContain(event);
    expect(res.stdout).toContain('aws macie2 describe-classification-job --job-id');
  });
});
