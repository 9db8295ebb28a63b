/**
 * Checks a user regex (custom data identifier or allow list) against Macie's supported PCRE subset (F.6) and compiles
 * it on RE2. Anything RE2 cannot run in linear time (backreferences, look-around) or that Macie documents as
 * unsupported fails with a message saying why.
 */
import { createRequire } from 'node:module';
import type RE2Type from 're2';
import { DetectError, type DetectErrorCode } from './errors.js';

/**
 * re2 (a native addon, ~12 ms of CPU to load) is loaded on the first user regex, not with this module: `sift scan`
 * without custom identifiers or allow lists, and each of its worker threads, never needs it (issue 12, start-up).
 */
let loadedRE2: typeof RE2Type | undefined;
const re2 = (): typeof RE2Type => (loadedRE2 ??= createRequire(import.meta.url)('re2') as typeof RE2Type);

export const MAX_REGEX_LENGTH = 512;

/** Why a regex is not in Macie's subset, or undefined when it is (before RE2 has its say). */
function unsupportedConstruct(regex: string): string | undefined {
  // Walk the pattern once, skipping escaped characters and character classes.
  let inClass = false;
  for (let i = 0; i < regex.length; i++) {
    const c = regex[i];
    if (c === '\\') {
      const next = regex[i + 1] ?? '';
      if (/[1-9]/.test(next) || next === 'k') return `backreferences (\\${next}) are not supported`;
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(' && regex[i + 1] === '?') {
      const rest = regex.slice(i + 2, i + 4);
      if (rest.startsWith('=') || rest.startsWith('!')) return 'look-ahead assertions are not supported';
      if (rest === '<=' || rest === '<!') return 'look-behind assertions are not supported';
      if (rest.startsWith('(')) return 'conditionals are not supported';
      if (rest.startsWith('R') || /^\d/.test(rest)) return 'recursion is not supported';
    }
  }
  return undefined;
}

export function compileUserRegex(regex: string, code: DetectErrorCode, field: string, flags = ''): RE2Type {
  if (typeof regex !== 'string' || regex.length === 0) throw new DetectError(code, `${field} must not be empty.`, field);
  if (regex.length > MAX_REGEX_LENGTH) {
    throw new DetectError(code, `${field} is ${regex.length} characters; the maximum is ${MAX_REGEX_LENGTH}.`, field);
  }
  const why = unsupportedConstruct(regex);
  if (why) throw new DetectError(code, `${field} is not valid: ${why}.`, field);
  try {
    return new (re2())(regex, flags);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new DetectError(code, `${field} is not valid: ${reason}.`, field);
  }
}
