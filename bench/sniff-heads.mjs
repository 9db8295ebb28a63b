/**
 * Cold sniffing cost (issue 12, textlane): a fresh process runs `looksLikeText`, `detectEncoding` or `sniff` once over
 * the first 4 KiB of every file of a folder and prints the CPU it took (user + system). Run it alternated per tree.
 *   node bench/sniff-heads.mjs <tree> [llt|enc|sniff] [folder = /tmp/sift-bench-scan-ab-60/text-mixed]
 * <tree> must be built (dist/).
 */
import { readdirSync, readFileSync } from 'node:fs';

const [tree, what = 'sniff', dir = '/tmp/sift-bench-scan-ab-60/text-mixed'] = process.argv.slice(2);
const decode = await import(`${tree}/dist/extract/decode.js`);
const { sniff } = await import(`${tree}/dist/extract/sniff.js`);
const heads = readdirSync(dir).map((name) => [name, readFileSync(`${dir}/${name}`).subarray(0, 4096)]);
const run = {
  llt: (_name, head) => +decode.looksLikeText(head),
  enc: (_name, head) => decode.detectEncoding(head).length,
  sniff: (name, head) => sniff(name, head).mimeType.length,
}[what];
const before = process.cpuUsage();
let check = 0;
for (const [name, head] of heads) check += run(name, head);
const used = process.cpuUsage(before);
console.log(`${what} ${((used.user + used.system) / 1000).toFixed(1)} ms (${heads.length} heads, check ${check})`);
