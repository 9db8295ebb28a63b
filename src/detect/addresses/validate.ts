/**
 * Postal-code checks of ADDRESS candidates, per country: a valid state or province where the format has one, and a
 * postal code of the country's shape and range (so "12 Main Street, Area 51 ZZ 00000" or a five-digit order number
 * after a street is not an address).
 */
const US_STATES = new Set(('AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI AA AE AP').split(' '));
const AU_STATES: Record<string, string> = { NSW: '12', ACT: '02', VIC: '38', QLD: '49', SA: '5', WA: '6', TAS: '7', NT: '0' };

/** The last five-digit group of the value (the postal code of European formats). */
function lastFiveDigits(value: string): number | undefined {
  let last: string | undefined;
  for (const m of value.matchAll(/(?<![0-9])[0-9]{5}(?![0-9])/g)) last = m[0];
  return last === undefined ? undefined : Number(last);
}

export function usAddress(value: string): boolean {
  const m = /([A-Z]{2}) {1,2}([0-9]{5})(?:-[0-9]{4})?$/.exec(value);
  return m !== null && US_STATES.has(m[1]) && m[2] !== '00000';
}

export function canadaAddress(value: string): boolean {
  const m = /([A-Z])[0-9]([A-Z]) ?[0-9]([A-Z])[0-9]$/.exec(value);
  return m !== null && 'ABCEGHJKLMNPRSTVXY'.includes(m[1]) && !/[DFIOQU]/.test(m[2] + m[3]);
}

export function ukAddress(value: string): boolean {
  const m = /([A-Z]{1,2})[0-9][A-Z0-9]? ?[0-9]([A-Z]{2})$/.exec(value);
  if (m === null) return /GIR ?0AA$/.test(value);
  const area = m[1];
  if ('QVX'.includes(area[0]) || (area.length === 2 && 'IJZ'.includes(area[1]))) return false;
  return !/[CIKMOV]/.test(m[2]);
}

export function australiaAddress(value: string): boolean {
  const m = /(NSW|VIC|QLD|SA|WA|TAS|NT|ACT),? ([0-9]{4})$/.exec(value);
  return m !== null && AU_STATES[m[1]].includes(m[2][0]);
}

export function franceAddress(value: string): boolean {
  const code = lastFiveDigits(value);
  if (code === undefined) return false;
  const dept = Math.floor(code / 1000);
  return code >= 1000 && (dept <= 95 || dept === 97 || dept === 98);
}

export function germanyAddress(value: string): boolean {
  const code = lastFiveDigits(value);
  return code !== undefined && code >= 1001 && code <= 99998;
}

export function italyAddress(value: string): boolean {
  const code = lastFiveDigits(value);
  return code !== undefined && code >= 10 && code <= 98168;
}

export function spainAddress(value: string): boolean {
  const code = lastFiveDigits(value);
  return code !== undefined && code >= 1000 && Math.floor(code / 1000) <= 52;
}
