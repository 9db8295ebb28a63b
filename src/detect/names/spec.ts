/**
 * Macie's NAME managed identifier (PERSONAL_INFORMATION; any country; no keyword required): full names in Latin
 * scripts, a given name followed by a surname, with optional middle names, initials and particles. A name is found
 * where the candidate pass meets a frequent given name (case-sensitive, whole word), after a name keyword ("Dear",
 * "signed by"), or anywhere under a name-like CSV column or JSON field (`customer`, `employee`, `full_name`, …); in
 * the last two "Surname, Given" counts too. Every candidate is checked against the shipped name dictionaries (validate.ts).
 */
import type { IdentifierSpec, MatchRule } from '../types.js';
import { nameAnchors } from './dictionary.js';
import { NON_NAME_WORDS, SURNAME_PARTICLES } from './validate.js';

const UPPER = 'A-ZÀ-ÖØ-Þ';
const LOWER = 'a-zß-öø-ÿ';
/** One capitalised word: "Smith", "McDonald", "O'Brien", "D’Angelo". */
const WORD = `[${UPPER}][${LOWER}]*(?:['’]?[${UPPER}][${LOWER}]+)?`;
/** A name part, possibly hyphenated: "Jean-Pierre", "García-López". */
const PART = `${WORD}(?:-${WORD})?`;
const PARTICLE = `(?:(?:${SURNAME_PARTICLES.join('|')}) )*`;
/** The name ends at a word edge and is not the start of a place, organisation or heading ("Jackson Heights"). */
const END = `(?![${UPPER}${LOWER}0-9'’-])(?![ ]+(?:${NON_NAME_WORDS.join('|')})(?![${LOWER}]))(?![ ]*&)`;

/** A name starts at a word edge, not inside a hyphenated one ("Hans-Peter" is not "Peter …"). */
const START = `(?<![${UPPER}${LOWER}0-9'’-])`;

const twoParts = `${START}${PART} ${PARTICLE}${PART}${END}`;
const threeParts = `${START}${PART} (?:[A-Z]\\.?|${PART}) ${PARTICLE}${PART}${END}`;
const reversed = `${START}${PART}, ${PART}(?: [A-Z]\\.)?${END}`;

/** Words right before a name in running text (rare enough elsewhere to cost nothing). */
export const NAME_KEYWORDS: readonly string[] = ['full name', 'fullname', 'signed by', 'attn', 'dear', 'mr', 'mrs', 'ms', 'nom complet', 'nome completo', 'nombre completo'];
/** Names of CSV columns and JSON fields that hold people's names; everyday words in prose, so context only. */
export const NAME_COLUMN_KEYWORDS: readonly string[] = [
  'name', 'customer', 'client', 'employee', 'contact', 'patient', 'person', 'owner', 'holder', 'cardholder', 'account holder',
  'recipient', 'sender', 'author', 'applicant', 'manager', 'member', 'user', 'nom', 'prénom', 'nome', 'cognome', 'nombre',
  'apellido', 'vorname', 'nachname', 'kunde', 'mitarbeiter', 'cliente', 'dipendente', 'empleado', 'salarié',
];

function rules(): MatchRule[] {
  const gate = { anchors: nameAnchors(), caseSensitive: true, wholeWord: true } as const;
  return [
    { pattern: threeParts, keywordRequired: false, maxLength: 90, validator: 'personName', gate },
    { pattern: twoParts, keywordRequired: false, maxLength: 70, validator: 'personName', gate },
    { pattern: threeParts, keywordRequired: true, maxLength: 90, validator: 'personName' },
    { pattern: twoParts, keywordRequired: true, maxLength: 70, validator: 'personName' },
    { pattern: reversed, keywordRequired: true, maxLength: 70, validator: 'personNameReversed' },
  ];
}

export const nameIdentifier: IdentifierSpec = {
  id: 'NAME', category: 'PERSONAL_INFORMATION', description: 'Full name (Latin scripts)', countries: ['ANY'], recommended: false,
  keywords: NAME_KEYWORDS,
  contextKeywords: NAME_COLUMN_KEYWORDS,
  rules: rules(),
  examples: {
    positive: [
      'Signed by «Jennifer Whitaker» on behalf', '«Giulia Bianchi» and «José García-Lopez»', 'Yesterday «Robert J. Kowalski» called about the invoice.',
      'Attendees: «Mary Ellen Fitzgerald», «Hans-Peter Schneider» and «Anna van der Berg».', 'Full name: «Dupont, Marie»',
      'Ticket opened by «Kevin O\'Brien».', 'Dear «Siobhan O\'Brien»,',
    ],
    negative: [
      'jennifer whitaker', 'Mary had a little lamb', 'We met at Jackson Heights near Lincoln Park.', 'Shares of Morgan Stanley & Co rose.',
      'Release Notes for Project Summary', 'the getUserName() and MaxRetries settings', 'John', 'Florence Nightingale Hospital',
    ],
  },
};
