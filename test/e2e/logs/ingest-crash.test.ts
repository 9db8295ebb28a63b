// Issue 18: an acknowledged PutLogEvents survives kill -9. Large batches (agent-sized) go to several streams at once;
// the server is killed with SIGKILL the moment the last answer arrives (no drain), restarted on the same state, and
// every event of every acknowledged batch is there, in order, once. On SQLite the events are in the segment files
// (fsync'd before the answer); under SIFT_TEST_DATABASE_URL in PostgreSQL's table (committed before the answer).
import { describe, expect, it } from 'vitest';
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, GetLogEventsCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { crashRig } from '../operations/serve-process.js';

const rig = crashRig('ingest-crash');
const STREAMS = 3;
const BATCH = 2000;

describe('PutLogEvents durability', () => {
  it('keeps every event of every acknowledged batch across kill -9', { timeout: 180_000 }, async () => {
    const acknowledged = Array.from({ length: STREAMS }, () => [] as string[]);
    const now = Date.now();
    for (let cycle = 0; cycle < 2; cycle++) {
      const child = await rig.start();
      const logs = new CloudWatchLogsClient(rig.config(child.endpoint));
      if (cycle === 0) {
        await logs.send(new CreateLogGroupCommand({ logGroupName: 'crash' }));
        for (let s = 0; s < STREAMS; s++) await logs.send(new CreateLogStreamCommand({ logGroupName: 'crash', logStreamName: `s${s}` }));
      }
      // Three batches on each stream at once, then one alone; kill as soon as it is answered.
      const put = async (s: number, b: number) => {
        const messages = Array.from({ length: BATCH }, (_, i) => `${cycle}.${s}.${b}.${i} ${'x'.repeat(i % 97)}`);
        await logs.send(new PutLogEventsCommand({ logGroupName: 'crash', logStreamName: `s${s}`, logEvents: messages.map((message) => ({ timestamp: now, message })) }));
        acknowledged[s]!.push(...messages);
      };
      for (let b = 0; b < 3; b++) await Promise.all(Array.from({ length: STREAMS }, (_, s) => put(s, b)));
      await put(0, 3);
      await rig.killNow();
    }
    const logs = new CloudWatchLogsClient(rig.config((await rig.start()).endpoint));
    for (let s = 0; s < STREAMS; s++) {
      const stored: string[] = [];
      let token: string | undefined;
      for (;;) {
        const page = await logs.send(new GetLogEventsCommand({ logGroupName: 'crash', logStreamName: `s${s}`, startFromHead: true, nextToken: token }));
        stored.push(...page.events!.map((e) => e.message!));
        if (page.nextForwardToken === token) break;
        token = page.nextForwardToken;
      }
      expect(stored.length).toBe(acknowledged[s]!.length);
      // Same timestamp throughout: events come back in the order they were put.
      expect(stored).toEqual(acknowledged[s]);
    }
  });
});
