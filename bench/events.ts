// Benchmark (prints figures, asserts nothing): EventBridge rule matching — 1,000 rules on the default bus, each with
// its own event pattern (equalities, prefix, suffix, anything-but, numeric ranges, exists, wildcard,
// equals-ignore-case, $or, dotted and nested paths), matched against a Macie finding event (the sample
// SensitiveData:S3Object/Credentials finding as GetFindings returns it). The figure is rules evaluated per second
// (events × rules / time), with and without flattening the event per match pass.
//   npx tsx bench/events.ts [rules=1000] [events=20000]
import { compilePattern, flattenEvent, matchRules, type RuleEntry } from '../src/services/events/index.js';
import { sampleFinding } from '../src/findings/index.js';

const ruleCount = Number(process.argv[2] ?? 1000);
const eventCount = Number(process.argv[3] ?? 20000);

const finding = sampleFinding({ accountId: '111122223333', region: 'us-east-1', now: new Date(Date.UTC(2026, 11, 6)), hex: () => 'f'.repeat(32) } as never, 'SensitiveData:S3Object/Credentials');
const event = JSON.parse(
  JSON.stringify({ version: '0', id: 'e1', 'detail-type': 'Macie Finding', source: 'aws.macie', account: '111122223333', time: '2026-12-06T00:00:00Z', region: 'us-east-1', resources: [], detail: finding }),
);

const severities = ['Low', 'Medium', 'High'];
function pattern(i: number): unknown {
  const base = { source: ['aws.macie'], 'detail-type': ['Macie Finding'] };
  switch (i % 10) {
    case 0:
      return { ...base, 'detail.severity.description': [severities[i % 3]] };
    case 1:
      return { ...base, detail: { type: [{ prefix: i % 2 ? 'SensitiveData:' : 'Policy:' }] } };
    case 2:
      return { ...base, detail: { resourcesAffected: { s3Bucket: { name: [{ suffix: `-${i}` }] } } } };
    case 3:
      return { ...base, detail: { severity: { score: [{ numeric: ['>=', i % 4, '<', 4] }] } } };
    case 4:
      return { ...base, detail: { resourcesAffected: { s3Object: { key: [{ wildcard: `*${i % 7}*.csv` }] } } } };
    case 5:
      return { ...base, detail: { category: [{ 'anything-but': ['POLICY'] }], archived: [false] } };
    case 6:
      return { ...base, region: [{ 'equals-ignore-case': i % 2 ? 'US-EAST-1' : 'eu-west-1' }] };
    case 7:
      return { ...base, $or: [{ detail: { type: [`Policy:IAMUser/S3Bucket${i}`] } }, { detail: { severity: { description: ['High'] }, sample: [true] } }] };
    case 8:
      return { ...base, detail: { classificationDetails: { jobId: [{ exists: i % 2 === 0 }] } } };
    default:
      return { source: [`custom.app${i}`], detail: { amount: [{ numeric: ['>', i] }] } };
  }
}

const rules: RuleEntry<number>[] = Array.from({ length: ruleCount }, (_, i) => ({ rule: i, pattern: compilePattern(pattern(i)) }));

// Warm up, then measure.
let matched = 0;
for (let i = 0; i < 200; i++) matched = matchRules(rules, event).length;
const t0 = process.hrtime.bigint();
for (let i = 0; i < eventCount; i++) matchRules(rules, event);
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;

const flat = flattenEvent(event);
const t1 = process.hrtime.bigint();
for (let i = 0; i < eventCount; i++) for (const r of rules) r.pattern.matches(flat);
const matchOnly = Number(process.hrtime.bigint() - t1) / 1e9;

const t2 = process.hrtime.bigint();
for (let i = 0; i < eventCount; i++) flattenEvent(event);
const flattenOnly = Number(process.hrtime.bigint() - t2) / 1e9;

console.log(`EventBridge rule matching: ${ruleCount} rules, a Macie finding event (${JSON.stringify(event).length} bytes JSON), ${matched} rules match it`);
console.log(`  events matched against all rules: ${Math.round(eventCount / seconds).toLocaleString('en-US')} events/s`);
console.log(`  rules evaluated per second:       ${Math.round((eventCount * ruleCount) / seconds).toLocaleString('en-US')} (flatten + match)`);
console.log(`  rules evaluated per second:       ${Math.round((eventCount * ruleCount) / matchOnly).toLocaleString('en-US')} (match only, event flattened once)`);
console.log(`  flattening the event:             ${((flattenOnly / eventCount) * 1e6).toFixed(1)} µs per event`);
