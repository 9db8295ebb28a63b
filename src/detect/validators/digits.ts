// Shared helpers for checksum validators: values arrive as matched text, possibly with spaces, dots or hyphens.
export const digitsOf = (value: string): string => value.replace(/[^0-9]/g, '');
export const alnumOf = (value: string): string => value.replace(/[^0-9A-Za-z]/g, '').toUpperCase();
export const allSame = (s: string): boolean => s.length > 0 && s.split('').every((c) => c === s[0]);
