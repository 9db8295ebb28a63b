import { describe, expect, it } from 'vitest';
import { pageChunkRows } from './page-chunk.js';

const sizes = { first: 2_000, max: 10_000 };
const MB = 1_048_576;

describe('pageChunkRows', () => {
  it('asks for `first` rows (or fewer events left) before any event size is known', () => {
    expect(pageChunkRows(sizes, 10_000, { events: 0, bytes: 0, maxBytes: MB })).toBe(2_000);
    expect(pageChunkRows(sizes, 37, { events: 0, bytes: 0, maxBytes: MB })).toBe(37);
  });

  it('then asks for what the remaining bytes hold at the average event so far, with a small margin', () => {
    // 2,000 events of 128 bytes: 6,192 more fit in the page; the margin is 1/64 and 16 rows
    expect(pageChunkRows(sizes, 8_000, { events: 2_000, bytes: 256_000, maxBytes: MB })).toBe(6_192 + 96 + 16);
    // large events: a few rows at a time, never zero
    expect(pageChunkRows(sizes, 9_000, { events: 3, bytes: 900_000, maxBytes: MB })).toBe(1 + 16);
    expect(pageChunkRows(sizes, 9_000, { events: 4, bytes: MB, maxBytes: MB })).toBe(16);
  });

  it('never asks for more than `max` rows or the events left', () => {
    expect(pageChunkRows(sizes, 10_000, { events: 10, bytes: 300, maxBytes: MB })).toBe(10_000);
    expect(pageChunkRows({ first: 500, max: 500 }, 10_000, { events: 100, bytes: 13_000, maxBytes: MB })).toBe(500);
    expect(pageChunkRows(sizes, 120, { events: 2_000, bytes: 256_000, maxBytes: MB })).toBe(120);
    expect(pageChunkRows(sizes, 1, { events: 9_999, bytes: 900_000, maxBytes: MB })).toBe(1);
  });
});
