/**
 * Regex sources of postal addresses per country, as they are written on envelopes, in forms and in prose: street
 * (number and street, in the country's order), optional unit or complement, city and postal code, parts separated by
 * commas or line breaks. Each pattern starts at the address's first character; the catalog gates it on the street-type
 * words (anchors) and lets it start up to a look-behind before them.
 */
const SEP = String.raw`(?:,?[ \t]*\r?\n[ \t]*|,[ \t]*)`;
const NUM = String.raw`[0-9]{1,6}[A-Z]?(?:-[0-9]{1,4})?`;
const EN_NAME = String.raw`(?:[A-Z0-9][A-Za-z0-9'’.-]* ){1,4}`;
const DIR = String.raw`(?:(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\.? )?`;
const POST_DIR = String.raw`(?: (?:N|S|E|W|NE|NW|SE|SW)\b)?`;
const UNIT = String.raw`(?:,? (?:Apt|Apartment|Suite|Ste|Unit|Fl|Floor|Rm|Room|Flat|#)\.? ?#?[0-9A-Z-]{1,6})?`;
const CITY = String.raw`[A-Z][A-Za-z.'’-]*(?: [A-Z][A-Za-z.'’-]*){0,3}`;
const LATIN_CITY = String.raw`[A-ZÀ-Þ][A-Za-zà-ÿ'’-]*(?:[ -](?:sur|sous|en|le|la|les|de|du|des|di|del|della|San|Santa|Saint|[A-ZÀ-Þ][A-Za-zà-ÿ'’-]*)){0,3}`;
const END = String.raw`(?![A-Za-z0-9])`;

/** English street types (US, UK, Canada, Australia). */
export const EN_STREET_TYPES = [
  'Street', 'St', 'Avenue', 'Ave', 'Road', 'Rd', 'Boulevard', 'Blvd', 'Lane', 'Ln', 'Drive', 'Dr', 'Court', 'Ct', 'Place', 'Pl',
  'Terrace', 'Way', 'Parkway', 'Pkwy', 'Highway', 'Hwy', 'Circle', 'Cir', 'Square', 'Sq', 'Trail', 'Loop', 'Plaza', 'Crescent',
  'Close', 'Row', 'Mews', 'Walk', 'Hill', 'Gardens', 'Grove', 'Park', 'Green', 'Parade',
  // Less common USPS suffixes.
  'Pike', 'Run', 'Crossing', 'Ridge', 'Pass', 'Bend', 'Cove', 'Path', 'Glen', 'Knoll', 'Landing', 'Commons', 'Hollow',
  'Meadows', 'Turnpike', 'Expressway', 'Freeway', 'Alley', 'Heights', 'Point',
];
const SHORT_EN_TYPES = EN_STREET_TYPES.filter((t) => t.length < 4);
const DIRECTIONS = ['N', 'S', 'E', 'W', 'NW', 'NE', 'SW', 'SE'];
/**
 * The candidate pass's anchors for English street types (whole words). Abbreviations of two or three letters start a
 * great many words ("status", "draft"), so they are anchored with what follows them in an address (a comma or a full
 * stop, possibly after a direction: "St,", "Ave.", "St W,") rather than alone.
 */
export const EN_STREET_ANCHORS = [
  ...EN_STREET_TYPES.filter((t) => t.length >= 4),
  ...SHORT_EN_TYPES.flatMap((t) => [`${t},`, `${t}.`, ...DIRECTIONS.map((d) => `${t} ${d},`)]),
];
/** The same abbreviations at the end of an envelope's street line ("Oak Ave⏎Seattle"): a word follows, so not whole words. */
export const EN_STREET_LINE_END_ANCHORS = SHORT_EN_TYPES.flatMap((t) => [t, ...DIRECTIONS.map((d) => `${t} ${d}`)]).flatMap((a) => [`${a}\n`, `${a}\r`]);
const EN_TYPE = `(?:${EN_STREET_TYPES.join('|')})\\.?`;

/** French street types (France, Quebec). */
export const FR_STREET_TYPES = [
  'rue', 'Rue', 'avenue', 'Avenue', 'boulevard', 'Boulevard', 'bd', 'Bd', 'place', 'Place', 'chemin', 'Chemin', 'allée', 'Allée',
  'impasse', 'Impasse', 'quai', 'Quai', 'cours', 'Cours', 'route', 'Route', 'square', 'passage', 'Passage', 'faubourg',
  'Faubourg', 'villa', 'Villa', 'esplanade', 'promenade', 'côte', 'Côte', 'montée',
];
const FR_TYPE = `(?:${FR_STREET_TYPES.join('|')}|av\\.|boul\\.|boul|rang)`;

export const IT_STREET_TYPES = ['Via', 'Viale', 'Piazza', 'Piazzale', 'Corso', 'Largo', 'Vicolo', 'Strada', 'Contrada', 'Lungomare', 'Lungarno', 'Borgo', 'Salita', 'Galleria', 'Località'];
export const ES_STREET_TYPES = ['Calle', 'Avenida', 'Avda', 'Paseo', 'Plaza', 'Ronda', 'Camino', 'Carretera', 'Ctra', 'Travesía', 'Rambla', 'Carrer', 'Passeig', 'Glorieta', 'Plaça', 'Callejón', 'Urbanización', 'Pasaje'];
/** German street-name endings ("Hauptstraße", "Lindenweg") and the same words standing alone ("Berliner Straße"). */
export const DE_STREET_SUFFIXES = ['straße', 'strasse', 'str.', 'weg', 'platz', 'allee', 'gasse', 'damm', 'chaussee', 'stieg', 'markt', 'graben', 'pfad'];
/** German street names that start with a preposition ("An der Alster", "Unter den Linden"). */
export const DE_STREET_PREPOSITIONS = ['An der', 'An den', 'Auf der', 'Auf dem', 'In der', 'In den', 'Unter den', 'Zum', 'Zur', 'Hinter der', 'Vor dem', 'Am', 'Im'];

const US_STATE = '[A-Z]{2}';
const ZIP = String.raw`[0-9]{5}(?:-[0-9]{4})?`;
const UK_POSTCODE = String.raw`(?:[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}|GIR ?0AA)`;
const CA_POSTAL = String.raw`[A-Z][0-9][A-Z] ?[0-9][A-Z][0-9]`;
const CA_PROVINCE = '(?:AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT|Alberta|British Columbia|Manitoba|New Brunswick|Newfoundland and Labrador|Nova Scotia|Ontario|Prince Edward Island|Quebec|Québec|Saskatchewan|Yukon)';
const AU_STATE = '(?:NSW|VIC|QLD|SA|WA|TAS|NT|ACT)';

const englishStreet = `${NUM} ${DIR}${EN_NAME}${EN_TYPE}${POST_DIR}${UNIT}`;
const frenchStreet = String.raw`[0-9]{1,4}(?: ?(?:bis|ter|quater|[A-D]))?,? ${FR_TYPE} [^\n,;:]{2,60}?`;

export const US_ADDRESS = `${englishStreet}${SEP}${CITY},? ${US_STATE} {1,2}${ZIP}${END}`;
export const UK_ADDRESS = `${englishStreet}${SEP}(?:${CITY}${SEP})?${CITY}(?:${SEP}| )${UK_POSTCODE}${END}`;
export const CA_ADDRESS = `(?:${englishStreet}|${frenchStreet})${SEP}${LATIN_CITY}(?: \\(${CA_PROVINCE}\\)|,? ${CA_PROVINCE})?(?:,? {1,2}|${SEP})${CA_POSTAL}${END}`;
export const AU_ADDRESS = `${englishStreet}${SEP}${CITY},? ${AU_STATE},? [0-9]{4}${END}`;
export const FR_ADDRESS = `${frenchStreet}${SEP}(?:[^\\n,;:]{2,40}${SEP})?(?:F-)?[0-9]{5} ${LATIN_CITY}(?: CEDEX(?: [0-9]{1,2})?| Cedex(?: [0-9]{1,2})?)?${END}`;
const HOUSE = String.raw`[0-9]{1,4}(?: ?[a-zA-Z])?(?:[-/][0-9]{1,4}[a-z]?)?`;
const DE_STREET = String.raw`(?:(?:${DE_STREET_PREPOSITIONS.join('|')}) [A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?|[A-ZÄÖÜ][a-zäöüß]*(?:-[A-ZÄÖÜ][a-zäöüß]*)*-?(?:[Ss]traße|[Ss]trasse|[Ss]tr\.|[Ww]eg|[Pp]latz|[Aa]llee|[Gg]asse|[Dd]amm|[Cc]haussee|[Uu]fer|[Ss]tieg|[Mm]arkt|[Gg]raben|[Pp]fad)|(?:[A-ZÄÖÜ][a-zäöüß.-]+ ){1,3}(?:Straße|Strasse|Str\.|Weg|Platz|Allee|Gasse|Damm|Chaussee|Ufer))`;
export const DE_ADDRESS = `${DE_STREET} ${HOUSE}${SEP}(?:D-)?[0-9]{5} [A-ZÄÖÜ][a-zäöüß]+(?:(?: am| an der| im| in der| bei| ob der) [A-ZÄÖÜ][a-zäöüß]+|-[A-ZÄÖÜ][a-zäöüß]+| \\([^)\\n]{1,20}\\))?${END}`;
export const IT_ADDRESS = String.raw`(?:${IT_STREET_TYPES.join('|')}|V\.le|P\.zza|C\.so) [^\n,;:0-9]{2,50}?,? (?:n\. ?)?${HOUSE}(?:${SEP}| - )(?:I-)?[0-9]{5}[ ,]+${LATIN_CITY}(?: \(?[A-Z]{2}\)?)?${END}`;
export const ES_ADDRESS = String.raw`(?:${ES_STREET_TYPES.join('|')}|C/|Avda\.|Av\.|Pza\.|Ctra\.) ?[^\n,;:0-9]{2,60}?,? (?:n\.?º ?|nº ?|núm\. ?)?${HOUSE}(?:,? [0-9]{1,2}º ?[0-9A-Za-z]?ª?| ?- ?[0-9]{1,2}º ?[A-Z]?)?${SEP}(?:E-)?[0-9]{5}[ ,]+${LATIN_CITY}(?: \([A-Za-zÀ-ÿ ]+\))?${END}`;
