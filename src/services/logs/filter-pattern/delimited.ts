/**
 * Space-delimited patterns: `[ip, user, ..., status=4*, bytes>1000]` over the fields of a message split on blanks,
 * with `"…"` and `[…]` grouping a field (the grouping characters are not part of the value).
 *
 * Slots: a name with an optional condition (`status=404 || status=410`, names inside a condition may refer to any
 * named slot), `...` for any number of fields, or an empty slot (an unnamed field, as in the guide's
 * `[..., request=*.html*, status_code=4*,]`).
 *
 * Arity, which the guide leaves open, follows its rule "to match a leading word with `[w1=ERROR, w2]` you must
 * include a trailing slot": without `...` the last slot takes the rest of the line (so `[w1=ERROR]` does not match
 * `ERROR 09/25/2014 …`, but `[w1=ERROR, w2]` does); with `...` every other slot takes exactly one field.
 *
 * Extracted values (TestMetricFilter, metric values, dimensions) follow the guide's example: `$name` for named
 * slots, `$N` (1-based field position) for fields under `...` and empty slots.
 */
import { Cursor, isSpace } from './cursor.js';
import { readOperator, readValue, testFieldValue, type CompareOp, type ValueSpec } from './value.js';
import { MAX_REGEX_PER_PATTERN } from './regex.js';

export type FieldCondition =
  | { readonly kind: 'and' | 'or'; readonly items: readonly FieldCondition[] }
  | { readonly kind: 'compare'; readonly slot: number; readonly op: CompareOp; readonly value: ValueSpec };

export type Slot =
  | { readonly kind: 'ellipsis' }
  | { readonly kind: 'field'; readonly name: string | undefined; readonly condition: FieldCondition | undefined };

export interface DelimitedPattern {
  readonly slots: readonly Slot[];
  readonly regexCount: number;
  /** Slot index by name. */
  readonly names: ReadonlyMap<string, number>;
  /** Whether a condition names a slot other than its own (`[a, b = 1 && a = 2]`). */
  readonly crossSlotConditions: boolean;
  /** How many `...` slots, and where the first one is. */
  readonly ellipses: number;
  readonly ellipsisAt: number;
  /** Texts any matching message contains (fixed parts of `=` string conditions that must hold). */
  readonly requiredLiterals: readonly string[];
}

const NAME = /[A-Za-z0-9_\-@.]/;

export function parseDelimitedPattern(src: string): DelimitedPattern {
  const cur: Cursor = new Cursor(src);
  cur.skipSpaces();
  const open = cur.pos;
  cur.pos++; // '['
  let regexCount = 0;
  const onRegex = (at: number) => {
    if (++regexCount > MAX_REGEX_PER_PATTERN) cur.fail(`a filter pattern can contain at most ${MAX_REGEX_PER_PATTERN} regular expressions`, at);
  };
  // Conditions may name slots that come later, so names are resolved once every slot is known.
  const pending: { name: string; at: number; owner: number; set: (slot: number) => void }[] = [];
  const slots: Slot[] = [];
  const names = new Map<string, number>();

  const readName = (): string => {
    const start = cur.pos;
    while (!cur.done && NAME.test(cur.peek())) {
      if (cur.startsWith('...')) break;
      cur.pos++;
    }
    return cur.src.slice(start, cur.pos);
  };

  const readCondition = (slotIndex: number, firstName: string): FieldCondition => {
    const parseCompare = (isFirst: boolean): FieldCondition => {
      cur.skipSpaces();
      let name = firstName;
      const nameAt = cur.pos;
      if (!isFirst) {
        name = readName();
        if (!name) cur.fail(`expected a field name after '&&' or '||' but found ${cur.describeHere()}`);
        cur.skipSpaces();
      }
      const op = readOperator(cur);
      if (!op) cur.fail(`expected an operator (=, !=, <, <=, >, >=) after '${name}' but found ${cur.describeHere()}`);
      const value = readValue(cur, op, ',]&|', onRegex);
      const cond = { kind: 'compare' as const, slot: slotIndex, op, value };
      if (!isFirst) pending.push({ name, at: nameAt, owner: slotIndex, set: (slot) => ((cond as { slot: number }).slot = slot) });
      return cond;
    };
    const parseAnd = (isFirst: boolean): FieldCondition => {
      const items = [parseCompare(isFirst)];
      while (takeSymbol(cur, '&&')) items.push(parseCompare(false));
      return items.length === 1 ? items[0] : { kind: 'and', items };
    };
    const items = [parseAnd(true)];
    while (takeSymbol(cur, '||')) items.push(parseAnd(false));
    return items.length === 1 ? items[0] : { kind: 'or', items };
  };

  while (true) {
    cur.skipSpaces();
    if (cur.done) cur.fail(`missing the closing ']' of the pattern opened at position ${open}`);
    const slotAt = cur.pos;
    if (cur.startsWith('...')) {
      cur.pos += 3;
      slots.push({ kind: 'ellipsis' });
    } else if (cur.peek() === ',' || cur.peek() === ']') {
      if (cur.peek() === ']' && slots.length === 0) cur.fail('expected at least one field name');
      slots.push({ kind: 'field', name: undefined, condition: undefined });
    } else {
      const name = readName();
      if (!name) cur.fail(`expected a field name, '...' or ',' but found ${cur.describeHere()}`);
      if (names.has(name)) cur.fail(`the field name '${name}' is used twice`, slotAt);
      const index = slots.length;
      names.set(name, index);
      cur.skipSpaces();
      if (cur.done) cur.fail(`missing the closing ']' of the pattern opened at position ${open}`);
      const condition = cur.peek() === ',' || cur.peek() === ']' ? undefined : readCondition(index, name);
      slots.push({ kind: 'field', name, condition });
    }
    cur.skipSpaces();
    if (cur.peek() === ',') {
      cur.pos++;
      continue;
    }
    if (cur.peek() === ']') {
      cur.pos++;
      break;
    }
    cur.fail(`expected ',' or ']' but found ${cur.describeHere()}`);
  }
  cur.skipSpaces();
  if (!cur.done) cur.fail(`unexpected ${cur.describeHere()} after the end of the space-delimited pattern`);
  let crossSlotConditions = false;
  for (const p of pending) {
    const slot = names.get(p.name);
    if (slot === undefined) cur.fail(`the condition names '${p.name}', which is not a field of the pattern`, p.at);
    if (slot !== p.owner) crossSlotConditions = true;
    p.set(slot);
  }
  const ellipsisAt = slots.findIndex((slot) => slot.kind === 'ellipsis');
  const ellipses = slots.filter((slot) => slot.kind === 'ellipsis').length;
  const requiredLiterals: string[] = [];
  for (const slot of slots) if (slot.kind === 'field' && slot.condition) collectLiterals(slot.condition, requiredLiterals);
  return { slots, regexCount, names, crossSlotConditions, ellipses, ellipsisAt, requiredLiterals };
}

function collectLiterals(c: FieldCondition, out: string[]): void {
  if (c.kind === 'and') for (const item of c.items) collectLiterals(item, out);
  else if (c.kind === 'compare' && c.op === '=' && c.value.kind === 'string' && c.value.literal.length > 0) out.push(c.value.literal);
}

function takeSymbol(cur: Cursor, symbol: '&&' | '||'): boolean {
  cur.skipSpaces();
  if (cur.startsWith(symbol)) {
    cur.pos += 2;
    return true;
  }
  const c = cur.peek();
  if ((c === '&' || c === '|') && cur.peek(1) !== c) cur.fail(`expected '${c}${c}'`);
  return false;
}

/** The fields of a message: value without grouping characters, and where the field starts in the message. */
export interface Fields {
  readonly values: string[];
  readonly starts: number[];
}

export function splitFields(message: string): Fields {
  const values: string[] = [];
  const starts: number[] = [];
  const n = message.length;
  let i = 0;
  while (true) {
    while (i < n && isSpace(message.charCodeAt(i))) i++;
    if (i >= n) break;
    const c = message.charCodeAt(i);
    starts.push(i);
    if (c === 34 /* " */) {
      const close = message.indexOf('"', i + 1);
      const end = close === -1 ? n : close;
      values.push(message.slice(i + 1, end));
      i = end + 1;
    } else if (c === 91 /* [ */) {
      let depth = 0;
      let j = i;
      for (; j < n; j++) {
        const d = message.charCodeAt(j);
        if (d === 91) depth++;
        else if (d === 93 && --depth === 0) break;
      }
      values.push(message.slice(i + 1, Math.min(j, n)));
      i = j + 1;
    } else {
      let j = i + 1;
      while (j < n && !isSpace(message.charCodeAt(j))) j++;
      values.push(message.slice(i, j));
      i = j;
    }
  }
  return { values, starts };
}

/**
 * The field index range each slot covers in a match, or undefined when the message does not match. Each entry is
 * [first, end) in field indexes.
 */
export function matchDelimited(p: DelimitedPattern, message: string): { fields: Fields; ranges: [number, number][]; values: string[] } | undefined {
  // Every `=` string condition that must hold needs its fixed text somewhere in the message: a cheap first test.
  for (const literal of p.requiredLiterals) if (message.indexOf(literal) === -1) return undefined;
  const fields = splitFields(message);
  const { slots } = p;
  const m = fields.values.length;
  const ranges: [number, number][] = new Array(slots.length);
  const values: string[] = new Array(slots.length);

  if (p.ellipses === 0 || p.ellipses === 1) {
    // Slots before the ellipsis take the first fields, slots after it the last ones; without an ellipsis the
    // last slot takes the rest of the line.
    const e = p.ellipses === 1 ? p.ellipsisAt : -1;
    const after = e === -1 ? 0 : slots.length - e - 1;
    const before = e === -1 ? slots.length : e;
    if (m < before + after) return undefined;
    for (let s = 0; s < slots.length; s++) {
      let from: number;
      let to: number;
      if (s === e) {
        from = before;
        to = m - after;
      } else if (e !== -1 && s > e) {
        from = m - (slots.length - s);
        to = from + 1;
      } else {
        from = s;
        to = e === -1 && s === slots.length - 1 ? m : s + 1;
      }
      ranges[s] = [from, to];
      if (s !== e) values[s] = to - from === 1 ? fields.values[from] : message.slice(fields.starts[from]).trimEnd();
    }
    return conditionsHold(p, values) ? { fields, ranges, values } : undefined;
  }

  // With '...': slots are placed left to right and each ellipsis tries every length, longest first. When no
  // condition refers to another slot, failed (slot, field) states are remembered, so the search is at most
  // slots × fields and each condition is checked as its slot is placed; otherwise conditions are checked on each
  // complete placement.
  const failed = p.crossSlotConditions ? undefined : new Set<number>();
  const place = (s: number, f: number): boolean => {
    if (s === slots.length) return f === m && (!p.crossSlotConditions || conditionsHold(p, values));
    const key = s * (m + 1) + f;
    if (failed?.has(key)) return false;
    const slot = slots[s];
    if (slot.kind === 'ellipsis') {
      for (let to = m; to >= f; to--) {
        ranges[s] = [f, to];
        if (place(s + 1, to)) return true;
      }
    } else if (f < m) {
      ranges[s] = [f, f + 1];
      values[s] = fields.values[f];
      const ownConditionHolds = p.crossSlotConditions || !slot.condition || holds(slot.condition, values);
      if (ownConditionHolds && place(s + 1, f + 1)) return true;
    }
    values[s] = undefined as unknown as string;
    failed?.add(key);
    return false;
  };
  return place(0, 0) ? { fields, ranges, values } : undefined;
}

function conditionsHold(p: DelimitedPattern, values: string[]): boolean {
  for (const slot of p.slots) {
    if (slot.kind === 'field' && slot.condition && !holds(slot.condition, values)) return false;
  }
  return true;
}

function holds(c: FieldCondition, values: string[]): boolean {
  switch (c.kind) {
    case 'and':
      for (const item of c.items) if (!holds(item, values)) return false;
      return true;
    case 'or':
      for (const item of c.items) if (holds(item, values)) return true;
      return false;
    case 'compare': {
      const v = values[c.slot];
      return v !== undefined && testFieldValue(c.value, c.op, v);
    }
  }
}

/** `$name` and `$N` values of a match, as TestMetricFilter reports them in extractedValues. */
export function extractedValues(p: DelimitedPattern, match: { fields: Fields; ranges: [number, number][]; values: string[] }): Record<string, string> {
  const out: Record<string, string> = {};
  p.slots.forEach((slot, s) => {
    const [from, to] = match.ranges[s];
    if (slot.kind === 'field' && slot.name !== undefined) {
      out['$' + slot.name] = match.values[s];
    } else if (slot.kind === 'field') {
      out['$' + (from + 1)] = match.values[s];
    } else {
      for (let f = from; f < to; f++) out['$' + (f + 1)] = match.fields.values[f];
    }
  });
  return out;
}
