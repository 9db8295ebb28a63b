/**
 * Whether a candidate full name (matched by the NAME rules' patterns) is a person's name: the first token is a known
 * given name, the last a known surname, a middle token a given name, a surname or an initial, and no token is an
 * everyday word of headings, places or organisations that happens to be a surname too ("Lincoln Park").
 */
import { memoized } from '../validators/memo.js';
import { isGivenName, isSurname } from './dictionary.js';

/** Capitalised words that end a place, organisation or heading rather than a person's name. */
export const NON_NAME_WORDS: readonly string[] = [
  'Street', 'Road', 'Avenue', 'Lane', 'Drive', 'Court', 'Place', 'Park', 'Parkway', 'Boulevard', 'Terrace', 'Square', 'Way',
  'Hill', 'Hills', 'Hall', 'House', 'Bank', 'Bridge', 'Church', 'Field', 'Fields', 'Wood', 'Woods', 'Green', 'Gardens', 'Grove',
  'Heights', 'Springs', 'Falls', 'Lake', 'Lakes', 'River', 'Beach', 'Bay', 'Island', 'Islands', 'Mountain', 'Valley', 'Point',
  'Port', 'Harbor', 'Harbour', 'Creek', 'Canyon', 'Forest', 'County', 'City', 'Town', 'Village', 'State', 'Station', 'Airport',
  'Center', 'Centre', 'Plaza', 'Mall', 'Tower', 'Towers', 'Building', 'Office', 'Department', 'Group', 'Company', 'Companies',
  'Inc', 'Corp', 'Corporation', 'Ltd', 'Limited', 'LLC', 'LLP', 'PLC', 'GmbH', 'AG', 'SA', 'SpA', 'Holdings', 'Partners',
  'Associates', 'Industries', 'Enterprises', 'Technologies', 'Systems', 'Solutions', 'Labs', 'Capital', 'Ventures', 'Trust',
  'Foundation', 'Institute', 'University', 'College', 'School', 'Academy', 'Hospital', 'Clinic', 'Hotel', 'Museum', 'Library',
  'Theatre', 'Theater', 'Stadium', 'Arena', 'Club', 'Society', 'Council', 'Committee', 'Press', 'News', 'Times', 'Post',
  'Journal', 'Review', 'Report', 'Summary', 'Notes', 'Project', 'Team', 'Service', 'Services', 'Market', 'Markets', 'Store',
  'Stores', 'Shop', 'Energy', 'Power', 'Health', 'Care', 'Motors', 'Motor', 'Airlines', 'Air', 'Foods', 'Brands', 'Pharma',
  'Insurance', 'Financial', 'Securities', 'Media', 'Studios', 'Records', 'Pictures', 'Award', 'Awards', 'Prize', 'Cup',
  'Memorial', 'Monument', 'Cathedral', 'Chapel', 'Abbey', 'Castle', 'Palace', 'Gate', 'Road', 'Highway', 'Trail', 'Canal',
  'January', 'February', 'March', 'April', 'June', 'July', 'August', 'September', 'October', 'November', 'December',
  'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday', 'Day', 'Week', 'Year', 'Christmas', 'Easter',
];
const nonNameWords = new Set(NON_NAME_WORDS);

/** Lower-case particles of surnames ("van der Berg", "de la Cruz", "di Stefano"). */
export const SURNAME_PARTICLES = ['van', 'von', 'de', 'del', 'della', 'di', 'da', 'du', 'le', 'la', 'dos', 'das', 'der', 'den', 'ten', 'ter', 'zu', 'los', 'las'];
const particles = new Set(SURNAME_PARTICLES);

const isInitial = (t: string): boolean => /^[A-Z]\.?$/.test(t);

/** Every hyphen-joined part passes `test` ("García-López", "Jean-Pierre"). */
function eachPart(token: string, test: (t: string) => boolean): boolean {
  if (token.indexOf('-') < 0) return test(token);
  for (const part of token.split('-')) if (part.length === 0 || !test(part)) return false;
  return true;
}

const SURNAME_PREFIX = /^(?:O'|D'|Mc|Mac)(?=[A-Z])/;

function isSurnameToken(t: string): boolean {
  if (nonNameWords.has(t)) return false;
  // Only a token starting with O, D or M can carry a prefix: the others skip the regex.
  const c = t.charCodeAt(0);
  const rest = c === 0x4f || c === 0x44 || c === 0x4d ? t.replace(SURNAME_PREFIX, '') : t;
  if (rest.indexOf('-') < 0) return surnamePart(rest, t);
  for (const part of rest.split('-')) if (part.length === 0 || !surnamePart(part, t)) return false;
  return true;
}

/** A part of surname token `t` (its prefix removed): a surname, or part of a token that is one as a whole ("McDonald"). */
function surnamePart(part: string, t: string): boolean {
  return isSurname(part) || (part.length > 0 && isSurname(t));
}

/** Whether `value` is a person's name (remembered per value: see memo.ts). */
export const personName = memoized(isPersonName);

function isPersonName(value: string): boolean {
  const tokens = value.split(/\s+/);
  if (tokens.length < 2) return false;
  const first = tokens[0];
  if (nonNameWords.has(first) || !eachPart(first, isGivenName)) return false;
  // Surname: the tokens after the given name, middle names and initials; a particle run is part of the surname.
  let i = 1;
  while (i < tokens.length - 1 && !particles.has(tokens[i])) {
    const t = tokens[i];
    if (!isInitial(t) && (nonNameWords.has(t) || !(eachPart(t, isGivenName) || isSurnameToken(t)))) return false;
    i++;
  }
  let sawParticle = false;
  while (i < tokens.length - 1 && particles.has(tokens[i])) {
    sawParticle = true;
    i++;
  }
  const last = tokens[tokens.length - 1];
  if (i !== tokens.length - 1 || isInitial(last)) return false;
  if (sawParticle) return !nonNameWords.has(last) && (isSurnameToken(last) || eachPart(last, isGivenName));
  return isSurnameToken(last);
}

/** "Surname, Given" as exports and directories write it (only where a keyword or column name says it is a name). */
export function personNameReversed(value: string): boolean {
  const comma = value.indexOf(',');
  if (comma < 0) return personName(value);
  const surname = value.slice(0, comma).trim();
  const rest = value.slice(comma + 1).trim();
  return personName(`${rest} ${surname}`);
}
