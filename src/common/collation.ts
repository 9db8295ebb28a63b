/**
 * `localeCompare`'s order (the default locale's collation) without asking ICU when the answer is known. The first
 * `localeCompare` in a process creates V8's default collator, and V8 then enumerates and canonicalizes ICU's ~800
 * collation locales: ~69 M instructions, 6–12 ms of CPU (design-notes, textscan). English has no collation tailoring
 * of its own, so under an English default locale strings of printable ASCII compare as CLDR's root collation orders
 * them: by each character's primary weight (ROOT_ORDER below, a letter's two cases sharing one), a shorter string first
 * when it is a prefix, and only then by case, lower before upper. Any other string, or any other default locale, goes
 * to `localeCompare`.
 */

/** Printable ASCII (U+0020–U+007E) in the root collation's primary order; upper-case letters share their lower case's. */
export const ROOT_ORDER = ` _-,;:!?.'"()[]{}@*/\\&#%\`^+<=>|~$0123456789abcdefghijklmnopqrstuvwxyz`;

/** Primary weight (1…) per character code below 128; 0 for characters the fast path does not handle. */
const PRIMARY = new Uint8Array(128);
for (let i = 0; i < ROOT_ORDER.length; i++) {
  const c = ROOT_ORDER.charCodeAt(i);
  PRIMARY[c] = i + 1;
  if (c >= 97 && c <= 122) PRIMARY[c - 32] = i + 1;
}

/** Whether every character of `name` is printable ASCII (has a primary weight here). */
export function isRootAscii(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 128 || PRIMARY[c] === 0) return false;
  }
  return true;
}

/** Root collation of two printable-ASCII names (isRootAscii): primary weights, then length, then case (lower first). */
export function compareRootAscii(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = PRIMARY[a.charCodeAt(i)] - PRIMARY[b.charCodeAt(i)];
    if (d !== 0) return d;
  }
  if (a.length !== b.length) return a.length - b.length;
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    // Equal primaries: the same character, or one letter in two cases (upper case has the larger code).
    if (ca !== cb) return cb - ca;
  }
  return 0;
}

/** Locale variables whose `@modifier` could give the default locale a collation keyword of its own. */
const LOCALE_VARIABLES = ['LC_ALL', 'LC_MESSAGES', 'LC_COLLATE', 'LANG'] as const;

/**
 * Whether the default locale collates as the root: English (`en`, `en-US`, `en-GB`, …; V8 maps ICU's C/POSIX
 * fallback to `en-US`) without a modifier in the environment. The default locale is read from Intl.PluralRules, which
 * resolves against a small locale list (~0.3 ms) and reports the same default as the collator (a locale it lacks
 * resolves to the default itself, which then is not English).
 */
export function defaultCollatesAsRoot(env: NodeJS.ProcessEnv = process.env): boolean {
  if (LOCALE_VARIABLES.some((v) => env[v]?.includes('@'))) return false;
  return /^en(?:-[A-Z]{2}|-\d{3})?$/.test(new Intl.PluralRules().resolvedOptions().locale);
}

/** defaultCollatesAsRoot for this process's environment, asked once (the default locale is fixed at start). */
let rootDefault: boolean | undefined;
export const collatesAsRoot = (): boolean => (rootDefault ??= defaultCollatesAsRoot());

/** The sign of `a.localeCompare(b)`, without creating the collator for printable-ASCII strings under English locales. */
export function compareAsLocale(a: string, b: string): number {
  return isRootAscii(a) && isRootAscii(b) && collatesAsRoot() ? compareRootAscii(a, b) : a.localeCompare(b);
}
