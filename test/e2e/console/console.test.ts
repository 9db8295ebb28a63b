// Issue 19, tried as a new user would: in Debian's chromium, sign in to the console with the root keys, create a job
// (first with a mistake the API refuses), watch it complete, open its findings and a finding's occurrences, its log
// stream filtered to { $.eventType = "JOB_COMPLETED" }, and the CreateClassificationJob call in event history, which
// CloudTrail recorded as a console call. Then an IAM user allowed only macie2:List*/Get* sees the findings but is
// told it is not authorized to create a job. Every page is screenshotted (test-output/console/), checked for its
// key text and by axe-core, light and dark, at 1280×800 and at phone width.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { EnableMacieCommand, Macie2Client } from '@aws-sdk/client-macie2';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { startServer, type Credentials, type TestServer } from '../harness.js';
import { chromiumMissing, CHROMIUM, ensureConsoleBuilt, launch, screenshot, seriousViolations } from './browser.js';

if (chromiumMissing) console.warn(`console browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set SIFT_CHROMIUM)`);

const CARDS = ['4556737586899855', '4539148803436467', '4916338506082832'];
const csv = ['name,credit card number', ...Array.from({ length: 12 }, (_, i) => `Person ${i},${CARDS[i % CARDS.length]}`)].join('\n') + '\n';
const WAIT = { timeout: 60_000 };

describe.skipIf(chromiumMissing)('the web console in a browser', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let jobId = '';
  const a11y: Record<string, string[]> = {};

  beforeAll(async () => {
    ensureConsoleBuilt();
    server = await startServer();
    const s3 = new S3Client(server.clientConfig());
    await new Macie2Client(server.clientConfig()).send(new EnableMacieCommand({}));
    await s3.send(new CreateBucketCommand({ Bucket: 'console-customers' }));
    await s3.send(new PutObjectCommand({ Bucket: 'console-customers', Key: 'exports/customers.csv', Body: csv }));
    browser = await launch();
    // bypassCSP lets the test inject axe-core; the console itself runs under the server's CSP.
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
    page = await context.newPage();
    page.on('dialog', (d) => void d.accept());
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function check(name: string, keyText: (string | RegExp)[], p: Page = page) {
    const text = await screenshot(p, name);
    for (const k of keyText) expect(text, `${name} shows ${String(k)}`).toMatch(k);
    a11y[name] = (await seriousViolations(p)).map((v) => `${v.id}: ${v.help} ${JSON.stringify(v.nodes.slice(0, 3))}`);
  }

  async function signIn(p: Page, creds: Credentials) {
    await p.goto(`${server.endpoint}/console/`);
    await p.getByLabel('Access key ID').fill(creds.accessKeyId);
    await p.getByLabel('Secret access key').fill(creds.secretAccessKey);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByRole('navigation', { name: 'Console' }).waitFor(WAIT);
  }

  it('serves the sign-in page, refuses a wrong secret and signs in with the root keys', async () => {
    await page.goto(`${server.endpoint}/console/`);
    await check('01-sign-in', ['Sign in to the Sift console', 'Access key ID', 'Secret access key']);
    await page.getByLabel('Access key ID').fill(server.root.accessKeyId);
    await page.getByLabel('Secret access key').fill('not-the-secret');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').innerText()).resolves.toMatch(/Sign-in failed\. SignatureDoesNotMatch/);
    await signIn(page, server.root);
    await check('02-jobs-empty', ['Jobs', 'No jobs yet', 'Create job']);
  });

  it('creates a job, shows the API validation error first, and watches the job complete', async () => {
    await page.getByRole('link', { name: 'Create job' }).click();
    await page.getByLabel('console-customers').check();
    await page.getByLabel('Sampling depth (percent of objects)').fill('0');
    await page.getByLabel('Job name').fill('customers scan');
    await page.getByRole('button', { name: 'Submit' }).click();
    const error = page.getByRole('alert');
    await error.waitFor(WAIT);
    await check('03-create-job-error', ['Create job', /ValidationException/, /samplingPercentage/]);
    await page.getByLabel('Sampling depth (percent of objects)').fill('100');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('heading', { name: 'Job: customers scan' }).waitFor(WAIT);
    jobId = /#\/jobs\/([0-9a-f]+)/.exec(page.url())![1]!;
    // The page refreshes itself while the job runs.
    await page.locator('.status.s-COMPLETE').waitFor(WAIT);
    await check('04-job-detail', ['Job: customers scan', 'Complete', 'Show results', 'Show CloudWatch logs', jobId]);
    await page.getByRole('link', { name: 'Jobs', exact: true }).click();
    await page.getByRole('link', { name: 'customers scan' }).waitFor(WAIT);
    await check('05-jobs', ['customers scan', 'Complete', 'One-time', 'console-customers']);
  });

  it('opens the job’s findings and a finding’s occurrences', async () => {
    await page.goto(`${server.endpoint}/console/#/jobs/${jobId}`);
    await page.getByRole('link', { name: 'Show results' }).click();
    await page.getByRole('link', { name: 'SensitiveData:S3Object/Financial' }).waitFor(WAIT);
    await check('06-findings', ['Findings', 'Job ID', jobId, 'SensitiveData:S3Object/Financial', 'console-customers/exports/customers.csv']);
    await page.getByLabel('Group by').selectOption('type');
    await page.getByRole('table', { name: /grouped by Finding type/ }).waitFor(WAIT);
    await check('07-findings-grouped', ['SensitiveData:S3Object/Financial']);
    await page.getByRole('button', { name: 'SensitiveData:S3Object/Financial' }).click();
    await page.getByRole('link', { name: 'SensitiveData:S3Object/Financial' }).click();
    await page.getByRole('heading', { name: 'CREDIT_CARD_NUMBER (12)' }).waitFor(WAIT);
    await check('08-finding-detail', ['CREDIT_CARD_NUMBER (12)', 'Cell', /credit card number/, 'exports/customers.csv']);
  });

  it('opens the job’s log stream and filters it to { $.eventType = "JOB_COMPLETED" }', async () => {
    await page.goto(`${server.endpoint}/console/#/jobs/${jobId}`);
    await page.getByRole('link', { name: 'Show CloudWatch logs' }).click();
    await page.getByRole('heading', { name: `Log events: ${jobId}` }).waitFor(WAIT);
    await page.getByRole('cell', { name: /JOB_CREATED/ }).waitFor(WAIT);
    await check('09-log-stream', [`Log events: ${jobId}`, 'JOB_CREATED', 'ONE_TIME_JOB_STARTED', 'JOB_COMPLETED']);
    await page.getByLabel('Filter pattern').fill('{ $.eventType = "JOB_COMPLETED" }');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForFunction("document.querySelectorAll('table.events tbody tr').length === 1 && !document.body.innerText.includes('JOB_CREATED')");
    await page.getByRole('button', { name: 'Expand event' }).click();
    await check('10-log-stream-filtered', ['JOB_COMPLETED', '"eventType": "JOB_COMPLETED"', 'The job finished running.']);
    await page.getByRole('link', { name: '← Log group /aws/macie/classificationjobs' }).click();
    await page.getByRole('link', { name: jobId }).waitFor(WAIT);
    await page.getByLabel('Log stream name starts with').fill(jobId.slice(0, 6));
    await page.getByRole('button', { name: 'Filter streams' }).click();
    await check('11-log-group', ['Log group: /aws/macie/classificationjobs', 'Search all log streams', jobId]);
    await page.getByRole('link', { name: 'Search all log streams' }).click();
    await page.getByRole('heading', { name: 'Log events: all streams of /aws/macie/classificationjobs' }).waitFor(WAIT);
    await page.getByRole('link', { name: 'CloudWatch Logs' }).click();
    await page.getByRole('link', { name: '/aws/macie/classificationjobs' }).waitFor(WAIT);
    await check('12-log-groups', ['Log groups', '/aws/macie/classificationjobs', 'Never expire']);
  });

  it('looks up CreateClassificationJob in event history, recorded as a console call with the browser’s user agent', async () => {
    await page.getByRole('link', { name: 'CloudTrail event history' }).click();
    await page.getByLabel('Lookup attribute').selectOption('EventName');
    await page.getByLabel('Value').fill('CreateClassificationJob');
    await page.getByRole('button', { name: 'Look up events' }).click();
    const row = page.getByRole('button', { name: 'CreateClassificationJob' });
    // The failed attempt and the job: both calls are recorded.
    await page.waitForFunction("document.querySelectorAll('tbody tr').length === 2");
    await row.first().click();
    await check('13-event-history', ['Event history', 'CreateClassificationJob', 'macie2.amazonaws.com', '"mfaAuthenticated": "false"', '"creationDate"', 'HeadlessChrome']);

    const browserAgent = await page.evaluate<string>('navigator.userAgent');
    const trail = new CloudTrailClient(server.clientConfig());
    const { Events } = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateClassificationJob' }] }));
    const records = Events!.map((e) => JSON.parse(e.CloudTrailEvent!) as Record<string, any>);
    const created = records.find((r) => r.responseElements?.jobId === jobId) ?? records.find((r) => !r.errorCode);
    expect(created).toBeDefined();
    expect(created!.userAgent).toBe(browserAgent);
    expect(created!.userIdentity).toMatchObject({ type: 'Root', accountId: server.accountId, accessKeyId: server.root.accessKeyId });
    expect(created!.userIdentity.sessionContext).toEqual({ attributes: { creationDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/), mfaAuthenticated: 'false' } });
    // A call from the SDK (no console session) carries no sessionContext.
    const { Events: lookups } = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'EnableMacie' }] }));
    expect(JSON.parse(lookups![0]!.CloudTrailEvent!).userIdentity.sessionContext).toBeUndefined();
  });

  it('shows the summary and the S3 bucket inventory', async () => {
    await page.getByRole('link', { name: 'Summary' }).click();
    await page.getByRole('heading', { name: 'Findings by severity' }).waitFor(WAIT);
    await page.getByRole('link', { name: 'console-customers' }).waitFor(WAIT);
    await check('14-summary', ['Summary', 'Findings by severity', 'High', 'Findings by type', 'SensitiveData:S3Object/Financial', 'Most sensitive buckets', 'console-customers', 'Usage this month']);
    await page.getByRole('link', { name: 'S3 buckets' }).click();
    await page.getByRole('button', { name: 'console-customers' }).waitFor(WAIT);
    await page.getByRole('button', { name: 'console-customers' }).click();
    await check('15-buckets', ['S3 buckets', 'console-customers', 'Publicly accessible', 'NOT_PUBLIC', '"bucketName": "console-customers"']);
  });

  it('works at phone width and in dark mode', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, colorScheme: 'dark', bypassCSP: true });
    const p = await phone.newPage();
    await signIn(p, server.root);
    await p.goto(`${server.endpoint}/console/#/findings`);
    await p.getByRole('link', { name: 'SensitiveData:S3Object/Financial' }).waitFor(WAIT);
    expect(await p.evaluate<string>('getComputedStyle(document.body).backgroundColor')).toBe('rgb(15, 20, 25)');
    // Nothing but the tables' own scrolling regions is wider than the screen.
    const wider = await p.evaluate<string[]>(
      "[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > 391 && !e.closest('.table-wrap'))" +
        ".map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))",
    );
    expect(wider).toEqual([]);
    await check('16-phone-dark-findings', ['Findings', 'SensitiveData:S3Object/Financial'], p);
    await p.goto(`${server.endpoint}/console/#/jobs/${jobId}`);
    await p.getByRole('link', { name: 'Show results' }).waitFor(WAIT);
    await check('17-phone-dark-job', ['customers scan', 'Complete'], p);
    // The checker does report what it should: an input without a label is a critical violation.
    await p.evaluate("document.querySelector('main').append(document.createElement('input'))");
    expect((await seriousViolations(p)).map((v) => v.id)).toContain('label');
    await phone.close();
  });

  it('lets an IAM user allowed only macie2:List*/Get* see findings, and tells it it is not authorized to create a job', async () => {
    const iam = new IAMClient(server.clientConfig());
    await iam.send(new CreateUserCommand({ UserName: 'auditor' }));
    await iam.send(new PutUserPolicyCommand({
      UserName: 'auditor',
      PolicyName: 'macie-read-only',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['macie2:List*', 'macie2:Get*'], Resource: '*' }] }),
    }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'auditor' }));
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
    const p = await ctx.newPage();
    await signIn(p, { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
    await p.goto(`${server.endpoint}/console/#/findings`);
    await p.getByRole('link', { name: 'SensitiveData:S3Object/Financial' }).waitFor(WAIT);
    await check('18-iam-reader-findings', ['auditor', 'SensitiveData:S3Object/Financial'], p);
    await p.goto(`${server.endpoint}/console/#/jobs/new`);
    await p.getByLabel('Other bucket names (comma separated)').fill('console-customers');
    await p.getByLabel('Job name').fill('not allowed');
    await p.getByRole('button', { name: 'Submit' }).click();
    await p.locator('#create-job-error').getByRole('alert').waitFor(WAIT);
    await check('19-iam-reader-create-denied', [/You are not authorized to do this\. AccessDeniedException: .*not authorized to perform: macie2:CreateClassificationJob/], p);
    await ctx.close();
  });

  it('has no serious accessibility violations on any page (axe-core)', () => {
    expect(Object.keys(a11y).length).toBeGreaterThanOrEqual(19);
    expect(Object.fromEntries(Object.entries(a11y).filter(([, v]) => v.length))).toEqual({});
  });
}, 180_000);
