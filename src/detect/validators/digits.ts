// Shared helpers for checksum validators: values arrive as matched text, possibly with spaces, dots or hyphens.
export const digitsOf = (value: string): string => value.replace(/[^0-9]/g, '');
export const alnumOf = (value: string): string => value.replace(/[^0-9A-Za-z]/g, '').toUpperCase();
/** Whether s is one character repeated (no array per call: every candidate of several validators goes through it). */
export function allSame(s: string): boolean {
  if (s.length === 0) return false;
  const first = s.charCodeAt(0);
  for (let i = 1; i < s.length; i++) if (s.charCodeAt(i) !== first) return false;
  return true;
}
