// Issue 19's benchmark (prints figures against the budgets, asserts nothing): the console's bundle size (gzip) and
// the time to interactive of the findings page with 100,000 findings, in Debian's chromium driven by playwright-core.
// Time to interactive: from navigation start to the first page of findings rendered with its links and controls live
// (Preact attaches handlers as it renders), read from the page's own performance clock: the first load after sign-in
// (the script and styles already cached by the sign-in page, no data cached) and the median of the next seven. Run: npm run bench:console [-- findings=100000]
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { EnableMacieCommand, Macie2Client } from '@aws-sdk/client-macie2';
import { ManualClock, loadConfig, randomIds, silentLogger } from '../src/common/index.js';
import { createSift } from '../src/gateway/index.js';
import { generateFindings } from '../src/findings/fixtures.js';
import { FindingsStore } from '../src/findings/store.js';
import { chromiumMissing, CHROMIUM, ensureConsoleBuilt, launch } from '../test/e2e/console/browser.js';

/** The budgets this console is held to (README, docs/limits.md). */
export const BUDGET = { bundleGzipBytes: 60 * 1024, findingsTtiMs: 1500 };

// Sift supports Node.js 20 with the SDK versions it pins: the SDK's notice about Node.js 22 is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const total = Number(process.argv.find((a) => a.startsWith('findings='))?.split('=')[1] ?? 100_000);

ensureConsoleBuilt();
const assets = join(process.cwd(), 'dist', 'console', 'assets');
let gzip = 0;
let raw = 0;
for (const f of readdirSync(assets)) {
  const bytes = readFileSync(join(assets, f));
  raw += bytes.length;
  gzip += gzipSync(bytes, { level: 9 }).length;
}
const index = gzipSync(readFileSync(join(process.cwd(), 'dist', 'console', 'index.html')), { level: 9 }).length;
console.log(`bundle: ${(raw / 1024).toFixed(1)} KiB raw, ${((gzip + index) / 1024).toFixed(1)} KiB gzip (page, script, styles); budget ${BUDGET.bundleGzipBytes / 1024} KiB: ${gzip + index <= BUDGET.bundleGzipBytes ? 'met' : 'NOT met'}`);

if (chromiumMissing) {
  console.log(`time to interactive: skipped, no Chromium at ${CHROMIUM}`);
  process.exit(0);
}

const dataDir = mkdtempSync(join(tmpdir(), 'sift-bench-console-'));
const sift = await createSift({ config: loadConfig({ host: '127.0.0.1', port: 0, dataDir, logLevel: 'silent' }, {}), logger: silentLogger });
const endpoint = await sift.listen();
const root = { accessKeyId: sift.root.accessKeyId, secretAccessKey: sift.root.secretAccessKey };
try {
  await new Macie2Client({ endpoint, region: 'us-east-1', credentials: root }).send(new EnableMacieCommand({}));
  const findings = new FindingsStore(sift.store.db, sift.store.dialect, randomIds);
  const scope = { accountId: sift.root.accountId, region: 'us-east-1', clock: new ManualClock(Date.UTC(2026, 10, 1)) };
  const started = performance.now();
  for (let done = 0; done < total; done += 5000) {
    const n = Math.min(5000, total - done);
    const chunk = generateFindings(n, { seed: done + 1, buckets: 200, jobs: 50 }).map((f, i) => ({ ...f, id: (done + i + 1).toString(16).padStart(32, '0') }));
    await findings.recordMany(scope, chunk, { returnFindings: false });
  }
  console.log(`findings: ${total} recorded in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${endpoint}/console/`);
  await page.getByLabel('Access key ID').fill(root.accessKeyId);
  await page.getByLabel('Secret access key').fill(root.secretAccessKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Console' }).waitFor();
  await context.clearCookies();
  const times: number[] = [];
  for (let i = 0; i < 8; i++) {
    await page.goto('about:blank');
    await page.goto(`${endpoint}/console/#/findings`);
    await page.locator('table tbody tr a').first().waitFor({ timeout: 60_000 });
    times.push(await page.evaluate<number>('performance.now()'));
  }
  const rows = await page.locator('table tbody tr').count();
  // Where the last load's time went: each request from navigation start to its end.
  const parts = await page.evaluate<string[]>(
    "performance.getEntriesByType('resource').map((e) => (e.initiatorType === 'fetch' ? 'API call' : e.name.split('/').pop()) + ' ' + Math.round(e.startTime) + '→' + Math.round(e.responseEnd) + ' ms')",
  );
  console.log(`last load: ${parts.join(', ')}`);
  await browser.close();
  const warm = times.slice(1).sort((a, b) => a - b);
  const median = warm[Math.floor(warm.length / 2)]!;
  console.log(`findings page time to interactive (${rows} rows of ${total} findings): first ${times[0]!.toFixed(0)} ms, then median ${median.toFixed(0)} ms (max ${warm[warm.length - 1]!.toFixed(0)} ms); budget ${BUDGET.findingsTtiMs} ms: ${Math.max(times[0]!, median) <= BUDGET.findingsTtiMs ? 'met' : 'NOT met'}`);
} finally {
  await sift.close();
  rmSync(dataDir, { recursive: true, force: true });
}
