// Issue 12 item 5: `sift scan --json` finds full names in a CSV `customer` column (in the cells Macie reports) and in
// JSON fields (at their paths), and postal addresses in a letter (at their lines), honours an allow list and reports custom identifiers beside them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sift } from '../sift-cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sift-names-'));
  writeFileSync(join(dir, 'orders.csv'), 'id,customer,amount\n1,Jennifer Whitaker,12.50\n2,Siobhan Okafor,99.00\n3,"Dupont, Marie",5.00\n4,Acme Widgets,1.00\n');
  writeFileSync(join(dir, 'letter.txt'), 'Hello team,\n\nPlease send the contract to our Berlin office, Hauptstraße 5, 10115 Berlin,\nand the invoice to 221 Baker Street, London NW1 6XE.\nMain Street is closed today.\n');
  writeFileSync(join(dir, 'orders.json'), JSON.stringify({ orders: [{ id: 1, customer: { fullName: 'Siobhan Okafor' }, sku: 'A-100' }, { id: 2, employee: 'Dupont, Marie', notes: 'ship to 350 Fifth Ave, Suite 3300, New York, NY 10118' }] }));
  writeFileSync(join(dir, 'allow.txt'), 'Jennifer Whitaker\nregex:Haupt.*Berlin\n');
  writeFileSync(join(dir, 'custom.json'), JSON.stringify({ name: 'postcode', regex: 'NW1 6XE' }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const detections = (r: any) => r.classificationDetails.result.sensitiveData.flatMap((c: any) => c.detections.map((d: any) => ({ ...d, category: c.category })));
const byKey = (stdout: string, name: string) => stdout.trim().split('\n').map((l) => JSON.parse(l)).find((r) => String(r.resourcesAffected.s3Object.key).endsWith(name));

describe('sift scan: names and addresses', () => {
  it('reports NAME in the customer cells and ADDRESS at its lines', { timeout: 60_000 }, async () => {
    const res = await sift(['scan', '--json', '--identifiers', 'NAME,ADDRESS', dir]);
    expect(res.code, res.stderr).toBe(1);
    const csv = detections(byKey(res.stdout, 'orders.csv'));
    expect(csv.map((d: any) => [d.category, d.type, d.count])).toEqual([['PERSONAL_INFORMATION', 'NAME', 3]]);
    expect(csv[0].occurrences.cells).toEqual([2, 3, 4].map((row) => ({ row, column: 2, columnName: 'customer', cellReference: null })));
    const letter = detections(byKey(res.stdout, 'letter.txt'));
    expect(letter.map((d: any) => [d.type, d.count])).toEqual([['ADDRESS', 2]]);
    expect(letter[0].occurrences.lineRanges).toEqual([{ start: 3, end: 3, startColumn: 48 }, { start: 4, end: 4, startColumn: 20 }]);
    const json = detections(byKey(res.stdout, 'orders.json'));
    expect(json.map((d: any) => [d.type, d.count, d.occurrences.records.map((o: any) => o.jsonPath)])).toEqual([
      ['ADDRESS', 1, ['$.orders[1].notes']],
      ['NAME', 2, ['$.orders[0].customer.fullName', '$.orders[1].employee']],
    ]);
  });

  it('applies an allow list and reports custom identifiers beside the managed ones', { timeout: 60_000 }, async () => {
    const res = await sift(['scan', '--json', '--identifiers', 'NAME,ADDRESS', '--allow-list', join(dir, 'allow.txt'), '--custom', join(dir, 'custom.json'), join(dir, 'orders.csv'), join(dir, 'letter.txt')]);
    expect(res.code, res.stderr).toBe(1);
    expect(detections(byKey(res.stdout, 'orders.csv')).map((d: any) => [d.type, d.count])).toEqual([['NAME', 2]]);
    const letter = byKey(res.stdout, 'letter.txt');
    expect(detections(letter).map((d: any) => [d.type, d.count])).toEqual([['ADDRESS', 1]]);
    expect(letter.classificationDetails.result.customDataIdentifiers.detections.map((d: any) => [d.name, d.count])).toEqual([['postcode', 1]]);
  });
});
