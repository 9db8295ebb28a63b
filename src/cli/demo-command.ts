// `sift demo`: the whole product in one command. Starts Sift on the data directory, fills two buckets with generated
// realistic files, runs a one-time classification job through the Macie2 API with a live progress bar, then prints
// the findings by type and severity, the job's log events, and the aws commands to explore further.
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateClassificationJobCommand,
  DescribeClassificationJobCommand,
  EnableMacieCommand,
  GetFindingsCommand,
  ListFindingsCommand,
  Macie2Client,
  type Finding,
} from '@aws-sdk/client-macie2';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { loadConfig } from '../common/index.js';
import { createSift, type Sift } from '../gateway/index.js';
import { demoFiles } from './demo-data.js';

const BUCKETS = { hr: 'demo-hr-exports', app: 'demo-app-data' };
const TERMINAL = new Set(['COMPLETE', 'CANCELLED', 'IDLE']);

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('start Sift, fill two buckets with generated files, run a Macie classification job and show what it found')
    .option('--data-dir <dir>', 'data directory (env SIFT_DATA_DIR)')
    .option('--port <port>', 'port for the server during the demo, 0 for any free port (env SIFT_PORT)')
    .action(async (opts: { dataDir?: string; port?: string }) => {
      const code = await runDemo(opts);
      process.exit(code);
    });
}

async function startServer(opts: { dataDir?: string; port?: string }): Promise<{ sift: Sift; endpoint: string }> {
  const config = loadConfig({ dataDir: opts.dataDir, port: opts.port, logLevel: 'warn' });
  const sift = await createSift({ config });
  try {
    return { sift, endpoint: await sift.listen() };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    // The usual port is taken (a `sift serve` running?): the demo uses any free port instead.
    await sift.close();
    const again = await createSift({ config: { ...config, port: 0 } });
    return { sift: again, endpoint: await again.listen() };
  }
}

export async function runDemo(opts: { dataDir?: string; port?: string }, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const say = (line = '') => out.write(line + '\n');
  const { sift, endpoint } = await startServer(opts);
  try {
    const clientConfig = { endpoint, region: 'us-east-1', credentials: { accessKeyId: sift.root.accessKeyId, secretAccessKey: sift.root.secretAccessKey }, forcePathStyle: true };
    const s3 = new S3Client(clientConfig);
    const macie = new Macie2Client(clientConfig);
    const logs = new CloudWatchLogsClient(clientConfig);
    say(`Sift is running at ${endpoint} (account ${sift.root.accountId}).`);

    await macie.send(new EnableMacieCommand({})).catch((err) => {
      if (err?.name !== 'ConflictException') throw err;
    });
    const files = demoFiles(BUCKETS);
    for (const bucket of Object.values(BUCKETS)) {
      await s3.send(new CreateBucketCommand({ Bucket: bucket })).catch((err) => {
        if (err?.name !== 'BucketAlreadyOwnedByYou' && err?.name !== 'BucketAlreadyExists') throw err;
      });
    }
    for (const f of files) await s3.send(new PutObjectCommand({ Bucket: f.bucket, Key: f.key, Body: f.body, ContentType: f.contentType }));
    say(`Uploaded ${files.length} files to s3://${BUCKETS.hr} and s3://${BUCKETS.app}.`);

    const job = await macie.send(
      new CreateClassificationJobCommand({
        clientToken: `demo-${Date.now()}`,
        jobType: 'ONE_TIME',
        name: `sift-demo-${new Date().toISOString().replace(/[:.]/g, '-')}`,
        s3JobDefinition: { bucketDefinitions: [{ accountId: sift.root.accountId, buckets: Object.values(BUCKETS) }] },
        managedDataIdentifierSelector: 'RECOMMENDED',
      }),
    );
    const jobId = job.jobId!;
    say(`Started classification job ${jobId}.`);

    const bar = new cliProgress.SingleBar(
      { format: ' scanning [{bar}] {value}/{total} objects | {status}', hideCursor: true, noTTYOutput: true, notTTYSchedule: 1000, stream: out as NodeJS.WriteStream },
      cliProgress.Presets.shades_classic,
    );
    bar.start(files.length, 0, { status: 'RUNNING' });
    let status = 'RUNNING';
    const deadline = Date.now() + 5 * 60 * 1000;
    while (!TERMINAL.has(status)) {
      if (Date.now() > deadline) throw new Error(`the job did not finish within 5 minutes (status ${status})`);
      await new Promise((r) => setTimeout(r, 250));
      const d = await macie.send(new DescribeClassificationJobCommand({ jobId }));
      status = d.jobStatus ?? status;
      // approximateNumberOfObjectsToProcess is what is left of the current run.
      const left = d.statistics?.approximateNumberOfObjectsToProcess ?? files.length;
      bar.update(TERMINAL.has(status) ? files.length : Math.max(0, files.length - left), { status });
    }
    bar.stop();
    say(`Job ${jobId} is ${status}.`);
    say();

    const ids: string[] = [];
    let token: string | undefined;
    do {
      const page = await macie.send(new ListFindingsCommand({ findingCriteria: { criterion: { 'classificationDetails.jobId': { eq: [jobId] } } }, nextToken: token }));
      ids.push(...(page.findingIds ?? []));
      token = page.nextToken;
    } while (token);
    const findings: Finding[] = [];
    for (let i = 0; i < ids.length; i += 50) findings.push(...((await macie.send(new GetFindingsCommand({ findingIds: ids.slice(i, i + 50) }))).findings ?? []));
    printFindings(findings, say);

    const events = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/macie/classificationjobs', logStreamNames: [jobId] })).catch(() => ({ events: [] }));
    say();
    say('Job events in CloudWatch Logs (/aws/macie/classificationjobs):');
    for (const e of events.events ?? []) {
      const ev = JSON.parse(e.message ?? '{}');
      say(`  ${ev.occurredAt}  ${String(ev.eventType).padEnd(28)} ${ev.affectedResource?.value ?? ''}`);
    }

    say();
    say('Explore further: start the server with `node bin/sift.js serve`, paste the export lines it prints, then:');
    say(`  aws macie2 describe-classification-job --job-id ${jobId}`);
    say(`  aws macie2 list-findings --finding-criteria '{"criterion":{"severity.description":{"eq":["High"]}}}'`);
    say(`  aws macie2 get-finding-statistics --group-by type`);
    say(`  aws logs filter-log-events --log-group-name /aws/macie/classificationjobs --log-stream-names ${jobId} --filter-pattern '{ $.eventType = "JOB_COMPLETED" }'`);
    say(`  aws s3 ls --recursive s3://${BUCKETS.hr}`);
    return status === 'COMPLETE' ? 0 : 1;
  } finally {
    await sift.close();
  }
}

function printFindings(findings: Finding[], say: (l?: string) => void): void {
  if (findings.length === 0) {
    say('No findings.');
    return;
  }
  const byType = new Map<string, { count: number; severity: string; objects: Set<string> }>();
  for (const f of findings) {
    for (const category of f.classificationDetails?.result?.sensitiveData ?? []) {
      for (const d of category.detections ?? []) {
        const e = byType.get(d.type!) ?? { count: 0, severity: f.severity?.description ?? '', objects: new Set<string>() };
        e.count += d.count ?? 0;
        e.objects.add(`s3://${f.resourcesAffected?.s3Bucket?.name}/${f.resourcesAffected?.s3Object?.key}`);
        byType.set(d.type!, e);
      }
    }
  }
  say(`${findings.length} findings:`);
  say(`  ${'SENSITIVE DATA TYPE'.padEnd(32)} ${'OCCURRENCES'.padStart(11)}  OBJECTS`);
  for (const [type, e] of [...byType].sort((a, b) => b[1].count - a[1].count)) say(`  ${type.padEnd(32)} ${String(e.count).padStart(11)}  ${e.objects.size}`);
  say();
  say(`  ${'SEVERITY'.padEnd(8)} ${'TYPE'.padEnd(40)} OBJECT`);
  const order: Record<string, number> = { High: 0, Medium: 1, Low: 2 };
  for (const f of [...findings].sort((a, b) => (order[a.severity?.description ?? ''] ?? 3) - (order[b.severity?.description ?? ''] ?? 3))) {
    say(`  ${String(f.severity?.description).padEnd(8)} ${String(f.type).padEnd(40)} s3://${f.resourcesAffected?.s3Bucket?.name}/${f.resourcesAffected?.s3Object?.key}`);
  }
}
