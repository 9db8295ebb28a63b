/**
 * The name dictionaries NAME detection looks tokens up in: given names and surnames from public-domain data
 * (data.generated.ts, built by scripts/names-data/build.mjs; sources in SOURCES.md) plus a short hand-written list of
 * common German, French, Italian and Spanish given names the US lists lack. The generated lists are sorted and unique,
 * so a token is looked up by binary search over their text until a list is asked often enough for a Set to pay
 * (sorted-lines.ts): a scan that meets a few name candidates no longer splits and hashes 50,000 strings.
 */
import { ANCHOR_GIVEN_NAMES, GIVEN_NAMES, SURNAMES } from './data.generated.js';
import { SortedLines } from './sorted-lines.js';

/** Common European given names missing from the census and Moby lists (written for Sift). */
export const EUROPEAN_GIVEN_NAMES: readonly string[] = [
  // German
  'Hans', 'Peter', 'Karl', 'Heinrich', 'Jürgen', 'Klaus', 'Dieter', 'Heinz', 'Wolfgang', 'Uwe', 'Horst', 'Helmut', 'Manfred', 'Günter', 'Gerhard', 'Bernd', 'Ralf',
  'Torsten', 'Jörg', 'Dirk', 'Sven', 'Jens', 'Lars', 'Kai', 'Matthias', 'Tobias', 'Florian', 'Sebastian', 'Maximilian', 'Lukas',
  'Jonas', 'Niklas', 'Leon', 'Finn', 'Moritz', 'Katrin', 'Kerstin', 'Anja', 'Silke', 'Heike', 'Birgit', 'Jutta', 'Gudrun',
  'Ingrid', 'Anke', 'Ulrike', 'Sabine', 'Petra', 'Claudia', 'Stefanie', 'Nicole', 'Julia', 'Lena', 'Hannah', 'Lea', 'Mia',
  'Annika', 'Franziska', 'Svenja', 'Jana', 'Ute', 'Gisela', 'Renate', 'Monika', 'Ursula', 'Brigitte', 'Karin', 'Elke',
  // French
  'François', 'Françoise', 'Jean', 'Jacques', 'Pierre', 'Philippe', 'Michel', 'Alain', 'Patrick', 'Nicolas', 'Christophe',
  'Sébastien', 'Julien', 'Mathieu', 'Matthieu', 'Guillaume', 'Antoine', 'Thierry', 'Laurent', 'Olivier', 'Stéphane', 'Frédéric',
  'Jérôme', 'Benoît', 'Cédric', 'Rémi', 'Hugo', 'Théo', 'Maxime', 'Quentin', 'Clément', 'Baptiste', 'Marie', 'Nathalie',
  'Isabelle', 'Sylvie', 'Catherine', 'Sophie', 'Valérie', 'Sandrine', 'Céline', 'Aurélie', 'Émilie', 'Camille', 'Manon',
  'Chloé', 'Léa', 'Amélie', 'Élodie', 'Mélanie', 'Hélène', 'Brigitte', 'Margaux', 'Océane', 'Inès', 'Agnès', 'Geneviève',
  // Italian
  'Giuseppe', 'Giovanni', 'Antonio', 'Mario', 'Luigi', 'Francesco', 'Alessandro', 'Andrea', 'Matteo', 'Lorenzo', 'Luca',
  'Marco', 'Davide', 'Simone', 'Federico', 'Riccardo', 'Gabriele', 'Stefano', 'Paolo', 'Roberto', 'Massimo', 'Salvatore',
  'Vincenzo', 'Giorgio', 'Enrico', 'Fabio', 'Emanuele', 'Tommaso', 'Giulia', 'Chiara', 'Francesca', 'Federica', 'Sara',
  'Martina', 'Valentina', 'Alessia', 'Elisa', 'Silvia', 'Giorgia', 'Aurora', 'Ginevra', 'Beatrice', 'Alice', 'Paola',
  'Rosa', 'Angela', 'Giovanna', 'Anna', 'Lucia', 'Elena', 'Serena', 'Roberta', 'Daniela', 'Cristina', 'Simona',
  // Spanish
  'José', 'Juan', 'Antonio', 'Manuel', 'Francisco', 'Javier', 'Carlos', 'Miguel', 'Alejandro', 'Pablo', 'Sergio', 'Jorge',
  'Alberto', 'Álvaro', 'Diego', 'Adrián', 'Raúl', 'Rubén', 'Iván', 'Óscar', 'Jesús', 'Ángel', 'Ramón', 'Andrés', 'Joaquín',
  'Ignacio', 'Gonzalo', 'Íñigo', 'Hugo', 'Mateo', 'María', 'Carmen', 'Ana', 'Isabel', 'Dolores', 'Pilar', 'Teresa',
  'Rosario', 'Mercedes', 'Lucía', 'Sofía', 'Paula', 'Marta', 'Cristina', 'Raquel', 'Rocío', 'Nuria', 'Beatriz', 'Silvia',
  'Inmaculada', 'Montserrat', 'Begoña', 'Ainhoa', 'Irene', 'Alba', 'Noelia', 'Verónica', 'Laura', 'Elena',
];

/** Lower case without diacritics, as the dictionaries store names. */
export function foldName(s: string): string {
  // ASCII fast path: most tokens have no diacritics.
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  return s.toLowerCase();
}

const given = new SortedLines(GIVEN_NAMES);
const surnames = new SortedLines(SURNAMES);
let european: Set<string> | undefined;

export function isGivenName(token: string): boolean {
  const folded = foldName(token);
  if (given.has(folded)) return true;
  european ??= new Set(EUROPEAN_GIVEN_NAMES.map(foldName));
  return european.has(folded);
}

export function isSurname(token: string): boolean {
  return surnames.has(foldName(token));
}

/**
 * Less frequent given names that the candidate pass meets far more often as parts of English words than as names,
 * measured on English prose (licence texts and documentation, 375 kB): at word starts ("Gene" in "general", "Pat" in
 * "patent", "Stan" in "standard") or inside words ("Ute" in "execute", "Ned" in "owned"). They stay in the dictionary:
 * names with them are still found after a name keyword and under name columns.
 */
const NOISY_ANCHORS = [
  'Gene', 'Eve', 'Pat', 'Ava', 'Stan', 'Lea', 'Viola', 'Norma', 'Mai', 'Earl', 'Grant', 'Fran', 'Ina', 'Ute', 'Ned', 'Iva',
  'Tia', 'Ila', 'Ora', 'Teri', 'Mina', 'Hal', 'Rod', 'Gina', 'Erna', 'Ida', 'Ola', 'Dina', 'Iola',
];

/**
 * The given names the candidate pass looks for (case-sensitive, whole words): the most frequent census given names
 * and the European list, less those that are everyday English words at the start of a sentence (their candidates
 * would be many and almost never names).
 */
export function nameAnchors(): string[] {
  const everyday = new Set(['Will', 'May', 'Can', 'The', 'And', 'But', 'Not', 'Her', 'His', 'All', 'See', 'Sun', 'Son', 'Man', 'Van', 'Von', ...NOISY_ANCHORS]);
  const out = new Set<string>();
  for (const n of [...ANCHOR_GIVEN_NAMES.split('\n'), ...EUROPEAN_GIVEN_NAMES]) if (!everyday.has(n) && n.length >= 3) out.add(n);
  // Written without their accents too (databases and plain-ASCII exports drop them).
  for (const n of EUROPEAN_GIVEN_NAMES) {
    const plain = n.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    if (plain !== n && !everyday.has(plain)) out.add(plain);
  }
  return [...out].sort();
}
