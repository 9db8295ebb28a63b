/**
 * Allow lists (Macie F.7): a text found by any identifier is not reported when it equals an entry of a words list
 * (whole string, case-insensitive, entries 1–90 characters) or when an allow-list regex matches the complete text.
 */
import type RE2 from 're2';
import type { AllowListSpec } from './types.js';
import { DetectError } from './errors.js';
import { compileUserRegex } from './regex-rules.js';

export const MAX_ALLOW_LIST_WORDS = 100_000;
export const MAX_ALLOW_LIST_WORD_LENGTH = 90;

export interface CompiledAllowLists {
  isAllowed(value: string): boolean;
}

export function compileAllowLists(lists: readonly AllowListSpec[]): CompiledAllowLists {
  const words = new Set<string>();
  const regexes: RE2[] = [];
  for (const list of lists) {
    if (list.regex !== undefined) {
      // Anchored so the pattern must cover the complete detected text.
      compileUserRegex(list.regex, 'InvalidAllowList', 'regex');
      regexes.push(compileUserRegex(`^(?:${list.regex})$`, 'InvalidAllowList', 'regex'));
    } else if (Array.isArray(list.words)) {
      if (list.words.length > MAX_ALLOW_LIST_WORDS) {
        throw new DetectError('InvalidAllowList', `An allow list holds at most ${MAX_ALLOW_LIST_WORDS} entries.`, 'words');
      }
      for (const raw of list.words) {
        const entry = raw.trim();
        if (entry.length === 0) continue; // blank lines are skipped
        if (entry.length > MAX_ALLOW_LIST_WORD_LENGTH) {
          throw new DetectError('InvalidAllowList', `Allow list entries are 1–${MAX_ALLOW_LIST_WORD_LENGTH} characters.`, 'words');
        }
        words.add(entry.toLowerCase());
      }
    } else {
      throw new DetectError('InvalidAllowList', 'An allow list needs either regex or words.', 'criteria');
    }
  }
  return {
    isAllowed(value: string): boolean {
      if (words.size > 0 && words.has(value.toLowerCase())) return true;
      for (const re of regexes) if (re.test(value)) return true;
      return false;
    },
  };
}
