/**
 * How far past its start a regex can look: an upper bound of the characters a match attempt at one position reads,
 * counting what lookaheads, `\b`, `^` and `$` read as if consumed (so the bound is never short), or Infinity when the
 * source has an unbounded quantifier or a construct this reader does not know. collectRule (scan.ts) cuts the text it
 * hands a rule's regex there: a window's regex then reads tens of characters past the window, not 257.
 *
 * Reads sources as V8 does without the `u` flag (the catalog's flags are `g`/`y` and `i`).
 */
export function regexExtent(source: string): number {
  const reader = new ExtentReader(source);
  const extent = reader.alternation();
  return reader.done() ? extent : Infinity;
}

/**
 * The code of this analysis, for the key of its stored results (automaton-cache.ts `loadRegexExtents`): a results file
 * written by other code (an edit of this module) then matches no key and is never read. Read once, when first asked.
 */
export function regexExtentCode(): string {
  return `${regexExtent.toString()}\u0000${ExtentReader.toString()}`;
}

class ExtentReader {
  private i = 0;
  /** Extent of each capturing group, by number (1-based), once closed. */
  private readonly groups: number[] = [];
  private groupCount = 0;

  constructor(private readonly s: string) {}

  done(): boolean {
    return this.i === this.s.length;
  }

  /** alternatives separated by `|`, up to `)` or the end */
  alternation(): number {
    let max = this.sequence();
    while (this.s[this.i] === '|') {
      this.i++;
      max = Math.max(max, this.sequence());
    }
    return max;
  }

  private sequence(): number {
    let sum = 0;
    while (this.i < this.s.length && this.s[this.i] !== '|' && this.s[this.i] !== ')') {
      const atom = this.atom();
      sum += this.quantified(atom);
    }
    return sum;
  }

  private quantified(atom: number): number {
    const c = this.s[this.i];
    let times = 1;
    if (c === '?') {
      this.i++;
    } else if (c === '*' || c === '+') {
      this.i++;
      times = Infinity;
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.s.slice(this.i));
      if (!m) return atom; // a literal `{` (read as an atom next)
      this.i += m[0].length;
      times = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
    } else return atom;
    if (this.s[this.i] === '?') this.i++; // lazy
    return atom === 0 ? 0 : atom * times;
  }

  private atom(): number {
    const s = this.s;
    const c = s[this.i];
    if (c === '(') return this.group();
    if (c === '[') {
      // a class: up to its unescaped `]` (in JavaScript a `]` right after `[` or `[^` closes it)
      this.i++;
      if (s[this.i] === '^') this.i++;
      while (this.i < s.length && s[this.i] !== ']') this.i += s[this.i] === '\\' ? 2 : 1;
      if (this.i >= s.length) return this.fail();
      this.i++;
      return 1;
    }
    if (c === '\\') {
      const e = s[this.i + 1];
      if (e === undefined) return this.fail();
      if (/[1-9]/.test(e)) {
        const m = /^\d+/.exec(s.slice(this.i + 1))!;
        this.i += 1 + m[0].length;
        const n = Number(m[0]);
        return n <= this.groupCount ? (this.groups[n] ?? Infinity) : 1; // an octal escape when no such group
      }
      if (e === 'k' || e === 'p' || e === 'P' || e === 'u' || e === 'x' || e === 'c') {
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(s.slice(this.i + 2, this.i + 6))) {
          this.i += 6;
          return 1;
        }
        if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(s.slice(this.i + 2, this.i + 4))) {
          this.i += 4;
          return 1;
        }
        return this.fail();
      }
      this.i += 2;
      return 1; // \d \w \s \b … and escaped characters: one character (\b and \B read one)
    }
    if (c === ')' || c === '|') return this.fail();
    if (c === '*' || c === '+' || c === '?') return this.fail();
    this.i++;
    return 1; // a character, `.`, `^` or `$`
  }

  private group(): number {
    const s = this.s;
    let capturing = false;
    let lookbehind = false;
    if (s.startsWith('(?:', this.i) || s.startsWith('(?=', this.i) || s.startsWith('(?!', this.i)) this.i += 3;
    else if (s.startsWith('(?<=', this.i) || s.startsWith('(?<!', this.i)) {
      this.i += 4;
      lookbehind = true;
    } else if (s.startsWith('(?<', this.i)) {
      const close = s.indexOf('>', this.i);
      if (close < 0) return this.fail();
      this.i = close + 1;
      capturing = true;
    } else if (s[this.i + 1] === '?') return this.fail();
    else {
      this.i++;
      capturing = true;
    }
    const number = capturing ? ++this.groupCount : 0;
    const inner = this.alternation();
    if (s[this.i] !== ')') return this.fail();
    this.i++;
    if (capturing) this.groups[number] = inner;
    // A lookbehind reads what lies before the position: nothing further on.
    return lookbehind ? 0 : inner;
  }

  /** Something this reader does not know: no bound. */
  private fail(): number {
    this.i = this.s.length + 1;
    return Infinity;
  }
}
