/**
 * Macie's ADDRESS managed identifier (PERSONAL_INFORMATION; no keyword required): a mailing address with a street,
 * a city or place and a postal code, for Australia, Canada, France, Germany, Italy, Spain, the UK and the US. Candidates
 * start at street-type words (case-sensitive whole words: "Street", "rue", "Via", "Calle"; abbreviations with the
 * punctuation that follows them: "St,", "Ave."; German street-name endings anywhere in a word: "-straße", "-weg"); each country's pattern then reads the whole address around it and its
 * postal-code check decides.
 */
import type { IdentifierSpec, MatchRule } from '../types.js';
import {
  AU_ADDRESS, CA_ADDRESS, DE_ADDRESS, DE_STREET_PREPOSITIONS, DE_STREET_SUFFIXES, EN_STREET_ANCHORS, EN_STREET_LINE_END_ANCHORS, ES_ADDRESS, ES_STREET_TYPES, FR_ADDRESS, FR_STREET_TYPES,
  IT_ADDRESS, IT_STREET_TYPES, UK_ADDRESS, US_ADDRESS,
} from './patterns.js';

/** Number and street name before an English street type ("1600 Amphitheatre Parkway"). */
const EN_LOOKBEHIND = 60;

const english = { anchors: EN_STREET_ANCHORS, caseSensitive: true, wholeWord: true, lookbehind: EN_LOOKBEHIND } as const;
const englishLineEnd = { anchors: EN_STREET_LINE_END_ANCHORS, caseSensitive: true, lookbehind: EN_LOOKBEHIND } as const;
const french = { anchors: FR_STREET_TYPES, caseSensitive: true, wholeWord: true, lookbehind: 12 } as const;

const rules: MatchRule[] = [
  { pattern: US_ADDRESS, keywordRequired: false, maxLength: 200, validator: 'usAddress', gate: english },
  { pattern: UK_ADDRESS, keywordRequired: false, maxLength: 200, validator: 'ukAddress', gate: english },
  { pattern: AU_ADDRESS, keywordRequired: false, maxLength: 200, validator: 'australiaAddress', gate: english },
  { pattern: CA_ADDRESS, keywordRequired: false, maxLength: 200, validator: 'canadaAddress', gate: english },
  { pattern: US_ADDRESS, keywordRequired: false, maxLength: 200, validator: 'usAddress', gate: englishLineEnd },
  { pattern: UK_ADDRESS, keywordRequired: false, maxLength: 200, validator: 'ukAddress', gate: englishLineEnd },
  { pattern: AU_ADDRESS, keywordRequired: false, maxLength: 200, validator: 'australiaAddress', gate: englishLineEnd },
  { pattern: CA_ADDRESS, keywordRequired: false, maxLength: 200, validator: 'canadaAddress', gate: englishLineEnd },
  { pattern: CA_ADDRESS, keywordRequired: false, maxLength: 200, validator: 'canadaAddress', gate: french },
  { pattern: FR_ADDRESS, keywordRequired: false, maxLength: 200, validator: 'franceAddress', gate: french },
  { pattern: DE_ADDRESS, keywordRequired: false, maxLength: 160, validator: 'germanyAddress', gate: { anchors: DE_STREET_SUFFIXES, lookbehind: 40 } },
  // "Am"/"Im" are whole words in English too ("I am"), so they only start the match, never a candidate.
  { pattern: DE_ADDRESS, keywordRequired: false, maxLength: 160, validator: 'germanyAddress', gate: { anchors: DE_STREET_PREPOSITIONS.filter((p) => p.length > 2), caseSensitive: true, wholeWord: true } },
  { pattern: IT_ADDRESS, keywordRequired: false, maxLength: 200, validator: 'italyAddress', gate: { anchors: [...IT_STREET_TYPES, 'V.le', 'P.zza', 'C.so'], caseSensitive: true, wholeWord: true } },
  { pattern: ES_ADDRESS, keywordRequired: false, maxLength: 200, validator: 'spainAddress', gate: { anchors: [...ES_STREET_TYPES, 'C/', 'Av.', 'Pza.'], caseSensitive: true, wholeWord: true } },
];

export const addressIdentifier: IdentifierSpec = {
  id: 'ADDRESS', category: 'PERSONAL_INFORMATION', description: 'Mailing address', countries: ['AU', 'CA', 'FR', 'DE', 'IT', 'ES', 'GB', 'US'], recommended: false,
  keywords: [],
  rules,
  examples: {
    positive: [
      'Ship to «1600 Amphitheatre Parkway Drive, Mountain View, CA 94043» today', 'à «12 rue de la Paix, 75002 Paris»', '«Hauptstraße 5, 10115 Berlin»',
      '«Via Roma 10, 00184 Roma»', '«221 Baker Street, London NW1 6XE»', 'Mail:\n«350 Fifth Ave, Suite 3300\nNew York, NY 10118»\n',
      'Office: «290 Bremner Blvd, Toronto, ON M5V 3L9»', '«1234 rue Sainte-Catherine Ouest, Montréal (Québec) H3G 1P1»',
      'Sede: «Calle de Alcalá 42, 28014 Madrid»', '«Kaiser-Wilhelm-Straße 12a\n20355 Hamburg»', '«10 Smith Street, Parramatta NSW 2150»',
    ],
    negative: [
      'Main Street is busy', 'the avenue of trees', 'Wall Street Journal, 2024 edition', '12 Main Street, Springfield, ZZ 62704',
      'Baker Street station', 'see Via Roma in the guide', 'Route 66 has 2448 miles',
    ],
  },
};
