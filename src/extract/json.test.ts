import { describe, expect, it } from 'vitest';
import { readJson, readJsonLines } from './json.js';
import { collect, limits, streamOf } from './test-support.js';
import { ExtractError, type ClassificationReason } from './types.js';

describe('readJson', () => {
  it('yields string and number values with recordIndex 0, Macie jsonPath and the path names as keyword context', async () => {
    const doc = JSON.stringify({ customers: [{ name: 'Ann', ssn: '123-45-6789', 'home phone': 5551234 }, { tags: ['a', 'b\u00e9\n"q"'] }], ok: true, none: null });
    const segments = await collect(readJson(streamOf(doc, 3), limits()));
    const values = segments.filter((s) => s.location.kind === 'record' && s.location.jsonPath !== '');
    expect(values).toEqual([
      { text: 'Ann', location: { kind: 'record', recordIndex: 0, jsonPath: '$.customers[0].name' }, keywordContext: ['customers', 'name'] },
      { text: '123-45-6789', location: { kind: 'record', recordIndex: 0, jsonPath: '$.customers[0].ssn' }, keywordContext: ['customers', 'ssn'] },
      { text: '5551234', location: { kind: 'record', recordIndex: 0, jsonPath: "$.customers[0]['home phone']" }, keywordContext: ['customers', 'home phone'] },
      { text: 'a', location: { kind: 'record', recordIndex: 0, jsonPath: '$.customers[1].tags[0]' }, keywordContext: ['customers', 'tags'] },
      { text: 'b\u00e9\n"q"', location: { kind: 'record', recordIndex: 0, jsonPath: '$.customers[1].tags[1]' }, keywordContext: ['customers', 'tags'] },
    ]);
    // Element names are scanned too, with the path omitted.
    expect(segments.filter((s) => s.location.kind === 'record' && s.location.jsonPath === '').map((s) => s.text)).toEqual([
      'customers', 'name', 'ssn', 'home phone', 'tags', 'ok', 'none',
    ]);
  });

  // A member name equal to the one at its position in the previous record is taken without a slice (JsonSink.key):
  // names of the same length, an escaped name, an empty one and a bad line between records must not borrow it.
  it('JSON Lines: names at the same position in record after record, same length or not, keep their own paths', async () => {
    const text = ['{"ssn":"1","a":{"b":"2"}}', '{"abc":"3","a":{"c":"4"}}', '{"ssn":"5","a\\u0062":{"b":"6"}}', '{"ssn": tru', '{"":"7","a":{"b":"8"}}', '{"ssn":"9","a":{"b":"10"}}'].join('\n') + '\n';
    const segments = await collect(readJsonLines(streamOf(text, 5), limits()));
    const shown = segments.map((s) => (s.location.kind === 'record' ? `${s.location.recordIndex} ${s.location.jsonPath || '(name)'} ${s.text} ${(s.keywordContext ?? []).join('/')}` : ''));
    expect(shown).toEqual([
      '0 (name) ssn ', '0 $.ssn 1 ssn', '0 (name) a ', '0 (name) b ', '0 $.a.b 2 a/b',
      '1 (name) abc ', '1 $.abc 3 abc', '1 (name) a ', '1 (name) c ', '1 $.a.c 4 a/c',
      '2 (name) ssn ', '2 $.ssn 5 ssn', '2 (name) ab ', '2 (name) b ', '2 $.ab.b 6 ab/b',
      '3 (name) ssn ', // read before the error: what a bad line read stands
      "4 $[''] 7 ", '4 (name) a ', '4 (name) b ', '4 $.a.b 8 a/b',
      '5 (name) ssn ', '5 $.ssn 9 ssn', '5 (name) a ', '5 (name) b ', '5 $.a.b 10 a/b',
    ]);
  });

  it('decodes \\u escapes including surrogate pairs split across chunks', async () => {
    const segments = await collect(readJson(streamOf('["x\\ud83d\\ude00y\\u0041"]', 2), limits()));
    expect(segments.map((s) => s.text)).toEqual(['x\u{1F600}yA']);
  });

  it('skips a document nested deeper than maxJsonDepth (JSON_NESTING_LEVEL_OVER_LIMIT), in bounded time', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const err = await collect(readJson(streamOf(deep, 4096), limits({ maxJsonDepth: 64 }))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExtractError);
    expect((err as ExtractError).reason).toBe('JSON_NESTING_LEVEL_OVER_LIMIT');
    expect((err as ExtractError).keepYielded).toBe(false);
  });

  it('stops at a syntax error, keeping what was read (UNABLE_TO_PARSE_FILE)', async () => {
    const got: string[] = [];
    const err = await (async () => {
      for await (const s of readJson(streamOf('{"a":"kept", "b": tru }'), limits())) got.push(s.text);
    })().catch((e: unknown) => e);
    expect(got).toContain('kept');
    expect((err as ExtractError).reason).toBe('UNABLE_TO_PARSE_FILE');
    expect((err as ExtractError).keepYielded).toBe(true);
  });

  it('streams a long string value in pieces', async () => {
    const segments = await collect(readJson(streamOf(JSON.stringify({ blob: 'q'.repeat(5000) }), 256), limits({ maxSegmentChars: 1000 })));
    const pieces = segments.filter((s) => s.location.kind === 'record' && s.location.jsonPath === '$.blob');
    expect(pieces.length).toBe(5);
    // The pieces overlap (seams.ts); their own parts tile the value.
    expect(pieces.map((p) => p.text.slice(p.owned!.start, p.owned!.end)).join('')).toBe('q'.repeat(5000));
  });
});

describe('readJsonLines', () => {
  it('uses the 0-based line as recordIndex and skips only malformed lines', async () => {
    const issues: ClassificationReason[] = [];
    const text = '{"email":"a@x.io"}\n\n{"broken": \n{"n":[1,{"card":"4111"}]}\n["tail"]';
    const segments = await collect(readJsonLines(streamOf(text, 5), limits(), { partial: (r) => issues.push(r) }));
    const values = segments.filter((s) => s.location.kind === 'record' && s.location.jsonPath !== '');
    expect(values.map((s) => [s.text, s.location])).toEqual([
      ['a@x.io', { kind: 'record', recordIndex: 0, jsonPath: '$.email' }],
      ['1', { kind: 'record', recordIndex: 3, jsonPath: '$.n[0]' }],
      ['4111', { kind: 'record', recordIndex: 3, jsonPath: '$.n[1].card' }],
      ['tail', { kind: 'record', recordIndex: 4, jsonPath: '$[0]' }],
    ]);
    expect(issues).toEqual(['UNABLE_TO_PARSE_FILE']);
  });
});
