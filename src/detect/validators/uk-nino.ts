// UK National Insurance number structure (HMRC): two prefix letters with the excluded letters and pairs, six digits, suffix A-D.
export function ukNino(value: string): boolean {
  const v = value.replace(/[\s-]/g, '').toUpperCase();
  const m = /^([A-CEGHJ-PR-TW-Z])([A-CEGHJ-NPR-TW-Z])(\d{6})([A-D]?)$/.exec(v);
  if (!m) return false;
  const prefix = m[1] + m[2];
  if (['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ'].includes(prefix)) return false;
  return m[3] !== '000000';
}
