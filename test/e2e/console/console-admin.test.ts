// Issue 19, the rest of the console, tried in Debian's chromium against one real `sift serve`: the Region switcher
// (a log group that only eu-west-1 has, and its retention changed there), the summary's charts over time with their
// data tables, a saved filter rule and a suppression rule (new matching findings land in Archived), Reveal samples
// of a job's finding (and Macie's reasons for a sample finding), the sensitivity heat map with a bucket scored by
// automated discovery and its profile, an alarm's state history after SetAlarmState (reached from the log group's
// metric filter), the trails with their status,
// and "Switch role" into a member account's OrganizationAccountAccessRole (a wrong role first, then the account picked
// from the organization's list) to see its findings, then back. Every new page is screenshotted, checked for its key
// text and by axe-core, and seen at phone width in dark mode.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  CreateClassificationJobCommand,
  CreateSampleFindingsCommand,
  DescribeBucketsCommand,
  DescribeClassificationJobCommand,
  EnableMacieCommand,
  ListFindingsFiltersCommand,
  Macie2Client,
  PutClassificationExportConfigurationCommand,
  UpdateAutomatedDiscoveryConfigurationCommand,
  UpdateRevealConfigurationCommand,
} from '@aws-sdk/client-macie2';
import { CreateBucketCommand, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeLogGroupsCommand, PutMetricFilterCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CloudWatchClient, PutMetricAlarmCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { startServer, type TestServer } from '../harness.js';
import { macieResultsBucketPolicy, macieResultsKey } from '../service-policies.js';
import { trailBucketPolicy } from '../cloudtrail/trail-policy.js';
import { createMemberAccount, createOrganization, type OrgAccount } from '../organizations/org-helpers.js';
import { chromiumMissing, CHROMIUM, ensureConsoleBuilt, launch, screenshot, seriousViolations } from './browser.js';

if (chromiumMissing) console.warn(`console browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set SIFT_CHROMIUM)`);

const CARDS = ['4556737586899855', '4539148803436467', '4916338506082832'];
const csv = ['name,credit card number', ...Array.from({ length: 6 }, (_, i) => `Person ${i},${CARDS[i % CARDS.length]}`)].join('\n') + '\n';
const WAIT = { timeout: 60_000 };
const PERSONAL = 'SensitiveData:S3Object/Personal';

async function until<T>(what: string, read: () => Promise<T>, check: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (check(v)) return v;
    if (Date.now() > end) throw new Error(`${what}: ${JSON.stringify(v).slice(0, 1000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(chromiumMissing)('the web console for administrators, in a browser', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let macie: Macie2Client;
  let member: OrgAccount;
  let jobId = '';
  const a11y: Record<string, string[]> = {};

  beforeAll(async () => {
    ensureConsoleBuilt();
    server = await startServer();
    macie = new Macie2Client(server.clientConfig());
    const s3 = new S3Client(server.clientConfig());
    await macie.send(new EnableMacieCommand({}));
    // Reveal samples reads the job's discovery results back: a results bucket, its KMS key, and the reveal settings.
    const key = await macieResultsKey(server);
    await s3.send(new CreateBucketCommand({ Bucket: 'admin-results' }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'admin-results', Policy: macieResultsBucketPolicy('admin-results', server.accountId, server.region) }));
    await macie.send(new PutClassificationExportConfigurationCommand({ configuration: { s3Destination: { bucketName: 'admin-results', keyPrefix: 'macie', kmsKeyArn: key } } }));
    await macie.send(new UpdateRevealConfigurationCommand({ configuration: { status: 'ENABLED', kmsKeyId: key }, retrievalConfiguration: { retrievalMode: 'CALLER_CREDENTIALS' } }));
    await s3.send(new CreateBucketCommand({ Bucket: 'admin-payments' }));
    await s3.send(new PutObjectCommand({ Bucket: 'admin-payments', Key: 'cards.csv', Body: csv }));
    await s3.send(new CreateBucketCommand({ Bucket: 'admin-notes' }));
    await s3.send(new PutObjectCommand({ Bucket: 'admin-notes', Key: 'notes.txt', Body: 'Meeting notes: the roadmap and the weather.\n'.repeat(10) }));
    ({ jobId } = (await macie.send(
      new CreateClassificationJobCommand({ clientToken: 'admin', jobType: 'ONE_TIME', name: 'payments scan', s3JobDefinition: { bucketDefinitions: [{ accountId: server.accountId, buckets: ['admin-payments'] }] } }),
    )) as { jobId: string });
    await until('the job', () => macie.send(new DescribeClassificationJobCommand({ jobId })), (j) => j.jobStatus === 'COMPLETE');
    // Automated discovery scores the buckets on its first run.
    await macie.send(new UpdateAutomatedDiscoveryConfigurationCommand({ status: 'ENABLED' }));
    await until('the first automated discovery run', () => macie.send(new DescribeBucketsCommand({})), (r) => (r.buckets ?? []).find((b) => b.bucketName === 'admin-payments')?.sensitivityScore! > 50);

    // eu-west-1 has a log group of its own.
    await new CloudWatchLogsClient(server.clientConfig(undefined, 'eu-west-1')).send(new CreateLogGroupCommand({ logGroupName: '/console/eu-only' }));
    // A metric filter's metric, and an alarm on it: INSUFFICIENT_DATA until the test sets its state.
    const logs = new CloudWatchLogsClient(server.clientConfig());
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/console/payments' }));
    await logs.send(new PutMetricFilterCommand({ logGroupName: '/console/payments', filterName: 'errors', filterPattern: 'ERROR', metricTransformations: [{ metricNamespace: 'Payments', metricName: 'Errors', metricValue: '1' }] }));
    await new CloudWatchClient(server.clientConfig()).send(
      new PutMetricAlarmCommand({ AlarmName: 'payments-errors', Namespace: 'Payments', MetricName: 'Errors', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'ignore' }),
    );
    // A trail that is logging.
    await s3.send(new CreateBucketCommand({ Bucket: 'admin-trail' }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'admin-trail', Policy: trailBucketPolicy({ bucket: 'admin-trail', accountId: server.accountId, region: server.region, trail: 'management' }) }));
    const trail = new CloudTrailClient(server.clientConfig());
    await trail.send(new CreateTrailCommand({ Name: 'management', S3BucketName: 'admin-trail' }));
    await trail.send(new StartLoggingCommand({ Name: 'management' }));

    // A member account of the organization, with findings of its own.
    member = await createMemberAccount(server, await createOrganization(server), 'payments-member');
    const memberMacie = new Macie2Client(server.clientConfig(member.creds));
    await memberMacie.send(new EnableMacieCommand({}));
    await memberMacie.send(new CreateSampleFindingsCommand({ findingTypes: ['SensitiveData:S3Object/Credentials'] }));

    browser = await launch();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
    page = await context.newPage();
    page.on('dialog', (d) => void d.accept());
    await page.goto(`${server.endpoint}/console/`);
    await page.getByLabel('Access key ID').fill(server.root.accessKeyId);
    await page.getByLabel('Secret access key').fill(server.root.secretAccessKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Console' }).waitFor(WAIT);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Loads the console afresh at `hash`, so no page of a previous route is still on screen. */
  async function open(hash: string, p: Page = page) {
    await p.goto('about:blank');
    await p.goto(`${server.endpoint}/console/${hash}`);
  }

  async function check(name: string, keyText: (string | RegExp)[], p: Page = page) {
    const text = await screenshot(p, name);
    for (const k of keyText) expect(text, `${name} shows ${String(k)}`).toMatch(k);
    a11y[name] = (await seriousViolations(p)).map((v) => `${v.id}: ${v.help} ${JSON.stringify(v.nodes.slice(0, 3))}`);
  }

  it('switches Region: every call goes to eu-west-1, where a log group’s retention is changed', async () => {
    await open(`#/logs`);
    await page.getByRole('link', { name: '/aws/macie/classificationjobs' }).waitFor(WAIT);
    await page.getByLabel('Region').selectOption('eu-west-1');
    await page.getByRole('link', { name: '/console/eu-only' }).waitFor(WAIT);
    expect(await page.getByRole('link', { name: '/aws/macie/classificationjobs' }).count()).toBe(0);
    await page.getByRole('link', { name: '/console/eu-only' }).click();
    await page.getByText('Current: Never expire').waitFor(WAIT);
    await page.getByLabel('Expire events after').selectOption('30');
    await page.getByRole('button', { name: 'Save retention' }).click();
    await page.getByText('Current: 30 days').waitFor(WAIT);
    await check('20-region-log-group-retention', ['Log group: /console/eu-only', 'Events expire after 30 days.', 'eu-west-1']);
    const { logGroups } = await new CloudWatchLogsClient(server.clientConfig(undefined, 'eu-west-1')).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/console/' }));
    expect(logGroups?.map((g) => [g.logGroupName, g.retentionInDays])).toEqual([['/console/eu-only', 30]]);
    await page.getByLabel('Region').selectOption('us-east-1');
    await page.getByRole('link', { name: '← All log groups' }).click();
    await page.getByRole('link', { name: '/aws/macie/classificationjobs' }).waitFor(WAIT);
  });

  it('charts findings per day by severity and by type, with the numbers in a table', async () => {
    await open(`#/summary`);
    await page.getByRole('heading', { name: 'New findings per day, by severity (last 14 days)' }).waitFor(WAIT);
    await page.getByText('Data table: new findings per day, by severity (last 14 days)').click();
    const today = new Date().toISOString().slice(0, 10);
    const row = page.getByRole('row', { name: new RegExp(`^${today}`) }).first();
    // Today: two High findings of credit card numbers, the job's and automated discovery's.
    await expect(row.innerText()).resolves.toMatch(/\t2\t0\t0\t2$/);
    expect(await page.locator('svg[role=img] rect').count()).toBeGreaterThanOrEqual(2);
    await check('21-summary-charts', ['New findings per day, by severity (last 14 days)', 'New findings per day, by type (last 14 days)', 'SensitiveData:S3Object/Financial', today]);
  });

  it('saves a filter rule and a suppression rule, and new matching findings land in Archived', async () => {
    await open(`#/findings?f=type|eq|SensitiveData:S3Object/Financial`);
    await page.getByRole('link', { name: 'SensitiveData:S3Object/Financial' }).first().waitFor(WAIT);
    await page.getByText('Saved rules', { exact: true }).click();
    await page.getByLabel('Rule name').fill('financial view');
    await page.getByRole('button', { name: 'Save current filter' }).click();
    await page.getByText('Filter rule “financial view” saved.').waitFor(WAIT);
    await page.getByRole('link', { name: 'Findings', exact: true }).click();
    await page.getByRole('button', { name: 'Apply financial view' }).click();
    await page.getByRole('button', { name: 'Remove filter Finding type SensitiveData:S3Object/Financial' }).waitFor(WAIT);
    await page.getByRole('link', { name: 'SensitiveData:S3Object/Financial' }).first().waitFor(WAIT);

    // A first Personal sample finding is current; then a suppression rule for the type archives the next one.
    await macie.send(new CreateSampleFindingsCommand({ findingTypes: [PERSONAL] }));
    await open(`#/findings?f=type|eq|${PERSONAL}`);
    await page.getByRole('link', { name: PERSONAL }).waitFor(WAIT);
    expect(await page.getByRole('link', { name: PERSONAL }).count()).toBe(1);
    await page.getByLabel('Rule name').fill('hide personal samples');
    await page.getByLabel('Kind').selectOption('ARCHIVE');
    await page.getByRole('button', { name: 'Save current filter' }).click();
    await page.getByText('Suppression rule “hide personal samples” saved.').waitFor(WAIT);
    await check('22-findings-saved-rules', ['Saved rules', 'financial view', 'Filter rule', 'hide personal samples', 'Suppression rule', PERSONAL]);
    const { findingsFilterListItems } = await macie.send(new ListFindingsFiltersCommand({}));
    expect(findingsFilterListItems?.map((f) => [f.name, f.action]).sort()).toEqual([['financial view', 'NOOP'], ['hide personal samples', 'ARCHIVE']]);

    await macie.send(new CreateSampleFindingsCommand({ findingTypes: [PERSONAL] }));
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.waitForFunction("!document.querySelector('table[aria-busy=true]')");
    expect(await page.getByRole('link', { name: PERSONAL }).count()).toBe(1);
    await page.getByLabel('Finding status').selectOption('archived');
    await page.getByRole('link', { name: PERSONAL }).waitFor(WAIT);
    expect(await page.getByRole('link', { name: PERSONAL }).count()).toBe(1);
    await check('23-findings-archived', ['Archived', PERSONAL]);
  });

  it('reveals samples of a job’s finding, keeps them nowhere, and gives Macie’s reasons when samples can’t be had', async () => {
    await open(`#/findings?jobId=${jobId}`);
    await page.getByRole('link', { name: 'SensitiveData:S3Object/Financial' }).click();
    await page.getByRole('button', { name: 'Reveal samples' }).click();
    await page.getByRole('table', { name: 'Revealed sensitive data samples' }).waitFor(WAIT);
    await check('24-finding-revealed', ['Sensitive data samples', 'CREDIT_CARD_NUMBER', CARDS[0]!, CARDS[1]!, 'Hide samples']);
    const stored = await page.evaluate<string>('JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage), location.href])');
    for (const card of CARDS) expect(stored).not.toContain(card);
    await page.getByRole('button', { name: 'Hide samples' }).click();
    expect(await page.locator('body').innerText()).not.toContain(CARDS[0]);

    // A sample finding has no object to read.
    await open(`#/findings?f=type|eq|${PERSONAL}`);
    await page.getByRole('link', { name: PERSONAL }).click();
    await page.getByRole('button', { name: 'Reveal samples' }).click();
    await page.getByText('Samples are not available for this finding:').waitFor(WAIT);
    await check('25-finding-reveal-unavailable', ['Samples are not available for this finding:']);
  });

  it('shows the sensitivity heat map with the scored buckets, and a bucket’s sensitivity profile', async () => {
    await open(`#/buckets`);
    await page.getByRole('heading', { name: 'Sensitivity heat map' }).waitFor(WAIT);
    const tile = page.getByRole('list', { name: /Buckets by sensitivity score/ }).getByRole('link', { name: /admin-payments/ });
    await tile.waitFor(WAIT);
    expect(Number(/(\d+)/.exec(await tile.locator('.heat-score').innerText())![1])).toBeGreaterThan(50);
    await check('26-buckets-heat-map', ['Sensitivity heat map', 'admin-payments', 'admin-notes', 'Sensitive', 'Not sensitive', 'Inventory']);
    await tile.click();
    await page.getByRole('heading', { name: 'Bucket sensitivity: admin-payments' }).waitFor(WAIT);
    await page.getByRole('cell', { name: 'CREDIT_CARD_NUMBER' }).waitFor(WAIT);
    await check('27-bucket-sensitivity', ['Bucket sensitivity: admin-payments', 'Sensitivity score', 'sensitive', 'Objects with sensitive data', 'CREDIT_CARD_NUMBER', 'Managed']);
  });

  it('shows an alarm’s state history after it changes state', async () => {
    await page.getByRole('link', { name: 'CloudWatch alarms' }).click();
    await page.getByRole('link', { name: 'payments-errors' }).waitFor(WAIT);
    await check('28-alarms', ['Alarms', 'payments-errors', 'Insufficient data', 'Payments/Errors', 'Sum >= 1']);
    await new CloudWatchClient(server.clientConfig()).send(new SetAlarmStateCommand({ AlarmName: 'payments-errors', StateValue: 'ALARM', StateReason: 'Errors spiked in the console test' }));
    // The log group's metric filter leads to the alarm on its metric.
    await open('#/logs/%2Fconsole%2Fpayments');
    await page.getByRole('link', { name: 'payments-errors' }).waitFor(WAIT);
    await check('28b-log-group-metric-filter-alarm', ['Metric filters', 'errors', 'Payments/Errors', 'payments-errors', 'ALARM']);
    await page.getByRole('link', { name: 'payments-errors' }).click();
    await page.getByRole('table', { name: /State history of payments-errors/ }).waitFor(WAIT);
    await check('29-alarm-history', ['Alarm: payments-errors', 'In alarm', 'Insufficient data → In alarm', 'Errors spiked in the console test']);
  });

  it('lists the trails with their logging status', async () => {
    await page.getByRole('link', { name: 'CloudTrail event history' }).click();
    await page.getByRole('table', { name: 'Trails' }).getByRole('cell', { name: 'Logging' }).waitFor(WAIT);
    await check('30-trails', ['Trails', 'management', 's3://admin-trail/', 'Logging']);
  });

  it('switches role into a member account (a wrong role first), sees its findings, and switches back', async () => {
    await page.getByRole('link', { name: 'Switch role' }).click();
    await page.getByLabel('Account ID').fill(member.accountId);
    await page.getByLabel('Role name').fill('NoSuchRole');
    await page.getByRole('button', { name: 'Switch role' }).click();
    await page.getByRole('alert').waitFor(WAIT);
    await check('31-switch-role-error', ['Switch role', 'payments-member', 'Organization account', /Could not switch role\. You are not authorized to do this\. AccessDenied: .*sts:AssumeRole/]);
    // The management account is offered its organization's accounts.
    await page.getByLabel('Role name').fill('OrganizationAccountAccessRole');
    await page.getByRole('button', { name: `Switch into payments-member (${member.accountId})` }).click();
    const indicator = page.getByRole('status').filter({ hasText: 'Switched role' });
    await indicator.waitFor(WAIT);
    await expect(indicator.innerText()).resolves.toContain(`OrganizationAccountAccessRole in account ${member.accountId}`);
    await page.getByRole('link', { name: 'Findings', exact: true }).click();
    await page.getByRole('link', { name: 'SensitiveData:S3Object/Credentials' }).waitFor(WAIT);
    expect(await page.getByRole('link', { name: 'SensitiveData:S3Object/Financial' }).count()).toBe(0);
    await check('32-switched-member-findings', ['Switched role', member.accountId, 'SensitiveData:S3Object/Credentials', 'Switch back']);
    await page.getByRole('button', { name: 'Switch back' }).click();
    await page.getByRole('link', { name: 'Switch role' }).waitFor(WAIT);
    await page.getByRole('link', { name: 'Findings', exact: true }).click();
    await page.getByRole('link', { name: 'SensitiveData:S3Object/Financial' }).first().waitFor(WAIT);
    expect(await page.locator('body').innerText()).toContain(`account ${server.accountId}`);
  });

  it('fits a phone in dark mode on the new pages', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, colorScheme: 'dark', bypassCSP: true });
    const p = await phone.newPage();
    await p.goto(`${server.endpoint}/console/`);
    await p.getByLabel('Access key ID').fill(server.root.accessKeyId);
    await p.getByLabel('Secret access key').fill(server.root.secretAccessKey);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByRole('navigation', { name: 'Console' }).waitFor(WAIT);
    const pages: [string, string, string][] = [
      ['#/summary', 'New findings per day, by type (last 14 days)', '33-phone-summary'],
      ['#/buckets', 'Sensitivity heat map', '34-phone-heat-map'],
      ['#/alarms/payments-errors', 'State history', '35-phone-alarm'],
      ['#/switch-role', 'Switch role', '36-phone-switch-role'],
    ];
    for (const [hash, heading, name] of pages) {
      await open(hash, p);
      await p.getByRole('heading', { name: heading, exact: true }).waitFor(WAIT);
      await p.waitForFunction("!document.querySelector('[role=status].loading')");
      const wider = await p.evaluate<string[]>(
        "[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > 391 && !e.closest('.table-wrap'))" +
          ".map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))",
      );
      expect(wider, name).toEqual([]);
      await check(name, [heading], p);
    }
    await phone.close();
  });

  it('has no serious accessibility violations on any new page (axe-core)', () => {
    expect(Object.keys(a11y).length).toBeGreaterThanOrEqual(18);
    expect(Object.fromEntries(Object.entries(a11y).filter(([, v]) => v.length))).toEqual({});
  });
}, 240_000);
