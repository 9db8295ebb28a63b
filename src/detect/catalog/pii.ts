// Managed data identifiers for personally identifiable information (Macie User Guide, PII; reference D.4).
// Driver's licences, passports and phone numbers share a shape, so small builders produce their (plain data) entries.
import { addressIdentifier } from '../addresses/spec.js';
import { nameIdentifier } from '../names/spec.js';
import type { IdentifierSpec, MatchRule } from '../types.js';

const P = 'PERSONAL_INFORMATION' as const;
const dlKeywords = ['dl#', 'dl:', 'dlno#', 'driver licence', 'driver license', "driver's license", "driver's licence", 'drivers license', 'drivers licence', 'driving licence', 'driving license', 'driving permit', 'license number', 'licence number'];

function driversLicense(id: string, cc: string, pattern: string, local: string[], value: string, bad: string, recommended = false, validator?: MatchRule['validator']): IdentifierSpec {
  return {
    id, category: P, description: `Driver's license identification number, ${cc}`, countries: [cc], recommended,
    keywords: [...dlKeywords, ...local],
    rules: [{ pattern, keywordRequired: true, ...(validator ? { validator } : {}) }],
    examples: { positive: [`Driver's license: «${value}»`, `${local[0] ?? 'dl#'} «${value}»`], negative: [`Driver's license: ${bad}`, value] },
  };
}

const passportKeywords = ['passport', 'passport#', 'passport no', 'passport number', 'passeport', 'reisepass', 'passaporto', 'pasaporte', 'numéro de passeport', 'reisepassnummer', 'número de pasaporte', 'numero passaporto'];

function passport(id: string, cc: string, pattern: string, value: string, bad: string, extra: string[] = [], validator?: MatchRule['validator'], morePositives: string[] = [], description = `Passport number, ${cc}`): IdentifierSpec {
  return {
    id, category: P, description, countries: [cc], recommended: true,
    keywords: [...passportKeywords, ...extra],
    rules: [{ pattern, keywordRequired: true, ...(validator ? { validator } : {}) }],
    examples: { positive: [`Passport number: «${value}»`, ...morePositives], negative: [`Passport number: ${bad}`, value] },
  };
}

const phoneKeywords = ['cell', 'contact', 'fax', 'mobile', 'phone', 'tel', 'telephone', 'phone number', 'mobile number', 'cel', 'celular', 'fone', 'telefone', 'téléphone', 'portable', 'telefon', 'handy', 'telefono', 'cellulare', 'teléfono', 'móvil'];

/** With a keyword: the national format; without one: only the international form with the country code. */
function phone(id: string, cc: string, countryCode: string, national: string, intl: string, nationalValue: string, intlValue: string): IdentifierSpec {
  return {
    id, category: P, description: `Phone number, ${cc}`, countries: cc === 'US' ? ['US', 'CA'] : [cc], recommended: false,
    keywords: phoneKeywords,
    rules: [
      { pattern: national, keywordRequired: true },
      { pattern: String.raw`(?<![0-9+])\+${countryCode}${intl}(?![0-9])`, keywordRequired: false, gate: { shape: 'intlPhone' } },
    ],
    examples: {
      positive: [`phone: «${nationalValue}»`, `call «${intlValue}» now`],
      negative: [`phone: 12`, nationalValue],
    },
  };
}

export const pii = [
  {
    id: 'DATE_OF_BIRTH', category: P, description: 'Birth date', countries: ['ANY'], recommended: false,
    keywords: ['bday', 'b-day', 'birth date', 'birthday', 'date of birth', 'dob', 'born on', 'geburtsdatum', 'date de naissance', 'data di nascita', 'fecha de nacimiento', 'data de nascimento'],
    rules: [{
      pattern: String.raw`\b(?:[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}|[0-9]{1,2}[-/.][0-9]{1,2}[-/.](?:[0-9]{4}|[0-9]{2})|[0-9]{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? [0-9]{4}|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? [0-9]{1,2},? [0-9]{4})\b`,
      keywordRequired: true, validator: 'calendarDate',
    }],
    examples: { positive: ['DOB: «1980-02-29»', 'date of birth «31/12/1975»', 'Birthday: «March 5, 1990»'], negative: ['DOB: 1981-02-29', 'released 1980-02-29'] },
  },
  driversLicense('DRIVERS_LICENSE', 'US', String.raw`\b(?:[A-Z][0-9]{3}-[0-9]{3}-[0-9]{2}-[0-9]{3}-[0-9]|[A-Z]{1,2}[0-9]{5,13}|[0-9]{7,14})\b`, ['driver license number', 'dmv'], 'D1234567', 'D12', true),
  driversLicense('AUSTRALIA_DRIVERS_LICENSE', 'AU', String.raw`\b(?:[0-9]{8,10}|[A-Z]{2}[0-9]{6})\b`, ['driver licence number', 'dl number'], '12345678', '1234'),
  driversLicense('AUSTRIA_DRIVERS_LICENSE', 'AT', String.raw`\b[0-9]{8}\b`, ['führerschein', 'führerscheinnummer', 'fuehrerschein'], '12345678', '1234'),
  driversLicense('BELGIUM_DRIVERS_LICENSE', 'BE', String.raw`\b[0-9]{10}\b`, ['rijbewijs', 'permis de conduire', 'führerschein'], '1234567890', '12345'),
  driversLicense('BULGARIA_DRIVERS_LICENSE', 'BG', String.raw`\b[0-9]{9}\b`, ['свидетелство за управление', 'шофьорска книжка'], '123456789', '1234'),
  driversLicense('CANADA_DRIVERS_LICENSE', 'CA', String.raw`\b(?:[A-Z][0-9]{4}-?[0-9]{5}-?[0-9]{5}|[A-Z][0-9]{12}|[0-9]{6}-[0-9]{3}|[0-9]{7})\b`, ['permis de conduire', 'licence de conduire'], 'A1234-56789-01234', 'A12', true),
  driversLicense('CROATIA_DRIVERS_LICENSE', 'HR', String.raw`\b[0-9]{8}\b`, ['vozačka dozvola'], '12345678', '1234'),
  driversLicense('CYPRUS_DRIVERS_LICENSE', 'CY', String.raw`\b[0-9]{12}\b`, ['άδεια οδήγησης'], '123456789012', '1234'),
  driversLicense('CZECHIA_DRIVERS_LICENSE', 'CZ', String.raw`\b[A-Z]{2}[0-9]{6}\b`, ['řidičský průkaz'], 'EA123456', 'EA12'),
  driversLicense('DENMARK_DRIVERS_LICENSE', 'DK', String.raw`\b[0-9]{8}\b`, ['kørekort', 'kørekortnummer'], '12345678', '1234'),
  driversLicense('ESTONIA_DRIVERS_LICENSE', 'EE', String.raw`\b[A-Z]{2}[0-9]{6}\b`, ['juhiluba'], 'ET123456', 'ET12'),
  driversLicense('FINLAND_DRIVERS_LICENSE', 'FI', String.raw`\b[0-9]{6}[-+A][0-9]{3}[0-9A-Y]\b`, ['ajokortti', 'körkort'], '131052-308T', '131052'),
  driversLicense('FRANCE_DRIVERS_LICENSE', 'FR', String.raw`\b[0-9]{12}\b`, ['permis de conduire', 'numéro de permis'], '123456789012', '1234'),
  driversLicense('GERMANY_DRIVERS_LICENSE', 'DE', String.raw`\b[0-9A-Z][0-9]{2}[0-9A-Z]{6}[0-9][0-9A-Z]\b`, ['führerschein', 'fuehrerscheinnummer', 'führerscheinnummer', 'fahrerlaubnis'], 'B072RRE2I55', 'B072'),
  driversLicense('GREECE_DRIVERS_LICENSE', 'GR', String.raw`\b[0-9]{9}\b`, ['άδεια οδήγησης'], '123456789', '1234'),
  driversLicense('HUNGARY_DRIVERS_LICENSE', 'HU', String.raw`\b[A-Z]{2}[0-9]{6}\b`, ['vezetői engedély'], 'AB123456', 'AB12'),
  driversLicense('INDIA_DRIVERS_LICENSE', 'IN', String.raw`\b[A-Z]{2}[0-9]{2}[ -]?[0-9]{4}[0-9]{7}\b`, ['driving licence no', 'dl no'], 'MH12 20110012345', 'MH12'),
  driversLicense('IRELAND_DRIVERS_LICENSE', 'IE', String.raw`\b(?:[0-9]{6}[A-Z]{2}|[0-9]{9})\b`, ['ceadúnas tiomána'], '123456AB', '1234'),
  driversLicense('ITALY_DRIVERS_LICENSE', 'IT', String.raw`\b[A-Z]{2}[0-9]{7}[A-Z]\b`, ['patente di guida', 'numero patente'], 'MI1234567A', 'MI12'),
  driversLicense('LATVIA_DRIVERS_LICENSE', 'LV', String.raw`\b[A-Z]{2}[0-9]{6}\b`, ['vadītāja apliecība'], 'AB123456', 'AB12'),
  driversLicense('LITHUANIA_DRIVERS_LICENSE', 'LT', String.raw`\b[0-9]{8}\b`, ['vairuotojo pažymėjimas'], '12345678', '1234'),
  driversLicense('LUXEMBOURG_DRIVERS_LICENSE', 'LU', String.raw`\b[0-9]{6}\b`, ['permis de conduire', 'führerschein'], '123456', '12'),
  driversLicense('MALTA_DRIVERS_LICENSE', 'MT', String.raw`\b[0-9]{7}[A-Z]\b`, ['liċenzja tas-sewqan'], '1234567A', '12'),
  driversLicense('NETHERLANDS_DRIVERS_LICENSE', 'NL', String.raw`\b[0-9]{10}\b`, ['rijbewijs', 'rijbewijsnummer'], '1234567890', '1234'),
  driversLicense('POLAND_DRIVERS_LICENSE', 'PL', String.raw`\b[0-9]{5}/[0-9]{2}/[0-9]{4}\b`, ['prawo jazdy'], '12345/67/8901', '12345'),
  driversLicense('PORTUGAL_DRIVERS_LICENSE', 'PT', String.raw`\b[A-Z]{1,2}-[0-9]{6} [0-9]\b`, ['carta de condução'], 'L-123456 7', 'L-12'),
  driversLicense('ROMANIA_DRIVERS_LICENSE', 'RO', String.raw`\b[A-Z][0-9]{8}\b`, ['permis de conducere'], 'A12345678', 'A12'),
  driversLicense('SLOVAKIA_DRIVERS_LICENSE', 'SK', String.raw`\b[A-Z][0-9]{7}\b`, ['vodičský preukaz'], 'A1234567', 'A12'),
  driversLicense('SLOVENIA_DRIVERS_LICENSE', 'SI', String.raw`\b[0-9]{8}\b`, ['vozniško dovoljenje'], '12345678', '1234'),
  driversLicense('SPAIN_DRIVERS_LICENSE', 'ES', String.raw`\b[0-9]{8}-?[A-Z]\b`, ['permiso de conducción', 'licencia de manejo', 'carnet de conducir'], '87654321X', '87654321A', false, 'spainDni'),
  driversLicense('SWEDEN_DRIVERS_LICENSE', 'SE', String.raw`\b[0-9]{6}-?[0-9]{4}\b`, ['körkort', 'körkortsnummer'], '811228-9874', '811228'),
  driversLicense('UK_DRIVERS_LICENSE', 'GB', String.raw`\b[A-Z9]{5}[0-9](?:[05][1-9]|[16][0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9][A-Z9]{2}[0-9][A-Z]{2}\b`, ['driving licence number'], 'MORGA753116SM9IJ', 'MORGA753', true),
  {
    id: 'UK_ELECTORAL_ROLL_NUMBER', category: P, description: 'Electoral roll number', countries: ['GB'], recommended: true,
    keywords: ['electoral #', 'electoral number', 'electoral roll #', 'electoral roll no.', 'electoral roll number', 'electoralrollno', 'elector number'],
    rules: [{ pattern: String.raw`\b[A-Z]{2,3}[-/ ]?[0-9]{1,4}\b`, keywordRequired: true }],
    examples: { positive: ['electoral roll number: «ABC-1234»'], negative: ['electoral roll number: 1234', 'ABC-1234'] },
  },
  nameIdentifier,
  {
    id: 'LATITUDE_LONGITUDE', category: P, description: 'GPS coordinates (decimal degrees)', countries: ['ANY'], recommended: false,
    keywords: ['coordinate', 'coordinates', 'lat long', 'latitude longitude', 'location', 'position', 'gps', 'lat/long', 'geo'],
    rules: [{ pattern: String.raw`(?<![0-9.])-?[0-9]{1,2}\.[0-9]{3,},[ ]?-?[0-9]{1,3}\.[0-9]{3,}(?![0-9.])`, keywordRequired: true, validator: 'latitudeLongitude' }],
    examples: { positive: ['coordinates: «47.6062, -122.3321»'], negative: ['coordinates: 97.6062, -122.3321', '47.6062, -122.3321'] },
  },
  {
    id: 'HTTP_COOKIE', category: P, description: 'HTTP cookie header', countries: ['ANY'], recommended: false,
    keywords: [],
    rules: [{
      pattern: String.raw`(?:Set-)?Cookie:[ \t]*[A-Za-z0-9!#$%&'*+.^_|~-]+=[^\r\n]*`,
      caseInsensitive: true, keywordRequired: false, maxLength: 8192, gate: { anchors: ['cookie:'], lookbehind: 4 },
    }],
    examples: { positive: ['GET / HTTP/1.1\n«Cookie: sessionid=38afes7a8; theme=dark»\n', '«Set-Cookie: id=a3fWa; Expires=Thu, 21 Oct 2031 07:28:00 GMT»'], negative: ['cookie: none', 'cookies are tasty'] },
  },
  addressIdentifier,
  {
    id: 'BRAZIL_CEP_CODE', category: P, description: 'Brazil CEP (postal code)', countries: ['BR'], recommended: false,
    keywords: ['cep', 'código de endereçamento postal', 'código postal'],
    rules: [{ pattern: String.raw`(?<![0-9])[0-9]{5}-?[0-9]{3}(?![0-9])`, keywordRequired: true }],
    examples: { positive: ['CEP: «01310-100»'], negative: ['CEP: 0131', '01310-100'] },
  },
  {
    id: 'ARGENTINA_DNI_NUMBER', category: P, description: 'Argentina Documento Nacional de Identidad', countries: ['AR'], recommended: false,
    keywords: ['dni', 'documento nacional de identidad', 'número de documento'],
    rules: [{ pattern: String.raw`(?<![0-9.])[0-9]{1,2}\.?[0-9]{3}\.?[0-9]{3}(?![0-9.])`, keywordRequired: true }],
    ignore: ['00000000'],
    examples: { positive: ['DNI: «34.567.890»'], negative: ['DNI: 00.000.000', '34.567.890'] },
  },
  {
    id: 'BRAZIL_RG_NUMBER', category: P, description: 'Brazil Registro Geral', countries: ['BR'], recommended: false,
    keywords: ['registro geral', 'rg', 'carteira de identidade', 'número rg'],
    rules: [{ pattern: String.raw`(?<![0-9.])[0-9]{2}\.?[0-9]{3}\.?[0-9]{3}-?[0-9Xx](?![0-9])`, keywordRequired: true }],
    examples: { positive: ['RG: «12.345.678-9»'], negative: ['RG: 12.345', '12.345.678-9'] },
  },
  {
    id: 'CHILE_RUT_NUMBER', category: P, description: 'Chile Rol Único Nacional / Tributario', countries: ['CL'], recommended: false,
    keywords: ['rut', 'run', 'rol único tributario', 'rol único nacional', 'rol unico tributario'],
    rules: [{ pattern: String.raw`(?<![0-9.])[0-9]{1,2}\.?[0-9]{3}\.?[0-9]{3}-?[0-9Kk](?![0-9A-Za-z])`, keywordRequired: true, validator: 'chileRut' }],
    examples: {
      // Databases store the RUT without dots or dash.
      positive: ['RUT: «12.345.678-5»', 'run «9.876.543-3»', 'rut «169972133»', 'RUT: «7575230K»', 'rut «7575230k»'],
      negative: ['RUT: 12.345.678-6', '12.345.678-5', 'RUT: 169972134'],
    },
  },
  {
    id: 'COLOMBIA_CITIZENSHIP_CARD_NUMBER', category: P, description: 'Colombia cédula de ciudadanía', countries: ['CO'], recommended: false,
    keywords: ['cédula de ciudadanía', 'cedula de ciudadania', 'cc', 'número de cédula', 'cédula'],
    rules: [{ pattern: String.raw`(?<![0-9.])(?:[0-9]{1,3}(?:\.[0-9]{3}){2,3}|[0-9]{6,10})(?![0-9.])`, keywordRequired: true }],
    examples: { positive: ['cédula de ciudadanía: «1.020.304.050»'], negative: ['cédula de ciudadanía: 1234', '1.020.304.050'] },
  },
  {
    id: 'FRANCE_NATIONAL_IDENTIFICATION_NUMBER', category: P, description: 'France INSEE number (NIR)', countries: ['FR'], recommended: true,
    keywords: ['insee', 'numéro de sécurité sociale', 'social security number', 'nir', 'numéro national', "carte nationale d'identité", 'cni', 'numéro insee'],
    rules: [{ pattern: String.raw`\b[1-478] ?[0-9]{2} ?[0-9]{2} ?(?:[0-9]{2}|2[AB]) ?[0-9]{3} ?[0-9]{3} ?[0-9]{2}\b`, keywordRequired: true, validator: 'franceInsee' }],
    examples: { positive: ['INSEE: «2 55 08 14 168 025 38»', 'NIR «184127645108946»'], negative: ['INSEE: 2 55 08 14 168 025 39', '2 55 08 14 168 025 38'] },
  },
  {
    id: 'GERMANY_NATIONAL_IDENTIFICATION_NUMBER', category: P, description: 'Germany Personalausweis number', countries: ['DE'], recommended: true,
    keywords: ['personalausweis', 'ausweisnummer', 'ausweis', 'identity card', 'id card', 'personalausweisnummer', 'idnr'],
    rules: [{ pattern: String.raw`\b[CFGHJKLMNPRTVWXYZ0-9]{9}[0-9]?\b`, keywordRequired: true, validator: 'germanyDocumentNumber' }],
    examples: { positive: ['Personalausweis: «T220001293»', 'ausweisnummer «L01X00T47»'], negative: ['Personalausweis: T220001294', 'T220001293'] },
  },
  {
    id: 'INDIA_AADHAAR_NUMBER', category: P, description: 'India Aadhaar number', countries: ['IN'], recommended: false,
    keywords: ['aadhaar', 'aadhar', 'uid', 'uidai', 'आधार'],
    rules: [{ pattern: String.raw`(?<![0-9-])[2-9][0-9]{3}([ -]?)[0-9]{4}\1[0-9]{4}(?![0-9-])`, keywordRequired: true, validator: 'indiaAadhaar' }],
    examples: {
      positive: ['Aadhaar: «4987 1234 5605»', 'aadhaar «4952-5198-8252»', '«4952 5198 8252» (Aadhaar)', 'uid: «495251988252»'],
      negative: ['Aadhaar: 4987 1234 5606', '4987 1234 5605', 'Aadhaar: 4952-5198-8253'],
    },
  },
  {
    id: 'ITALY_NATIONAL_IDENTIFICATION_NUMBER', category: P, description: 'Italy codice fiscale', countries: ['IT'], recommended: true,
    keywords: ['codice fiscale', 'cf', 'tessera sanitaria', 'dati anagrafici', 'codice identificativo personale', 'fiscal code'],
    rules: [{ pattern: String.raw`\b[A-Z]{3} ?[A-Z]{3} ?[0-9LMNP-V]{2}[A-EHLMPR-T][0-9LMNP-V]{2} ?[A-Z][0-9LMNP-V]{3}[A-Z]\b`, caseInsensitive: true, keywordRequired: true, validator: 'italyCodiceFiscale' }],
    examples: {
      positive: ['codice fiscale: «RSSMRA85T10A562S»', 'CF «BNCGVN72C41F205U»', 'codice fiscale «rssmra85t10a562s»', 'codice fiscale: «WWO YYG 79P44 D945K»'],
      negative: ['codice fiscale: RSSMRA85T10A562T', 'RSSMRA85T10A562S', 'codice fiscale: wwo yyg 79p44 d945j'],
    },
  },
  {
    id: 'MEXICO_CURP_NUMBER', category: P, description: 'Mexico CURP', countries: ['MX'], recommended: false,
    keywords: ['curp', 'clave única de registro de población', 'clave unica de registro de poblacion'],
    rules: [{ pattern: String.raw`\b[A-Z]{4}[0-9]{6}[HMX][A-Z]{5}[0-9A-Z][0-9]\b`, caseInsensitive: true, keywordRequired: true, validator: 'mexicoCurp' }],
    examples: { positive: ['CURP: «GODE561231HDFRRN00»', 'curp «gode561231hdfrrn00»'], negative: ['CURP: GODE561231HDFRRN09', 'GODE561231HDFRRN00'] },
  },
  {
    id: 'SPAIN_DNI_NUMBER', category: P, description: 'Spain Documento Nacional de Identidad', countries: ['ES'], recommended: true,
    keywords: ['dni', 'documento nacional de identidad', 'número de dni', 'dni#'],
    rules: [{ pattern: String.raw`(?<![0-9.])[0-9]{2}(\.?)[0-9]{3}\1[0-9]{3}[ -]?[A-Z]\b`, caseInsensitive: true, keywordRequired: true, validator: 'spainDni' }],
    ignore: ['00000000T'],
    examples: {
      positive: ['DNI: «87654321X»', 'dni «12345678-Z»', 'DNI: «55.453.209-W»', 'dni «55453209w»', 'DNI «55.453.209 W»'],
      negative: ['DNI: 87654321A', '87654321X', 'DNI: 55.453.209-X', 'DNI: 00000000T'],
    },
  },
  {
    id: 'UK_NATIONAL_INSURANCE_NUMBER', category: P, description: 'UK National Insurance number (NINO)', countries: ['GB'], recommended: true,
    keywords: ['insurance no.', 'insurance number', 'insurance#', 'national insurance number', 'nationalinsurancenumber', 'nin', 'nino', 'ni number'],
    rules: [{ pattern: String.raw`\b[A-Z]{2} ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D]?\b`, caseInsensitive: true, keywordRequired: true, validator: 'ukNino' }],
    examples: { positive: ['NINO: «AB 12 34 56 C»', 'national insurance number «JG103759A»', 'nino «jg103759a»', 'NI number «jg 10 37 59 a»'], negative: ['NINO: QQ 12 34 56 C', 'AB 12 34 56 C', 'nino qq123456c'] },
  },
  passport('CANADA_PASSPORT_NUMBER', 'CA', String.raw`\b[A-Z]{2}[0-9]{6}\b`, 'GA302922', 'GA3029'),
  passport('FRANCE_PASSPORT_NUMBER', 'FR', String.raw`\b[0-9]{2}[A-Z]{2}[0-9]{5}\b`, '18FV12345', '18FV'),
  passport('GERMANY_PASSPORT_NUMBER', 'DE', String.raw`\b[CFGHJK][CFGHJKLMNPRTVWXYZ0-9]{8}[0-9]?\b`, 'C01X00T47', 'C01X', [], 'germanyDocumentNumber'),
  passport('ITALY_PASSPORT_NUMBER', 'IT', String.raw`\b[A-Z]{2}[0-9]{7}\b`, 'YA1234567', 'YA12'),
  passport('SPAIN_PASSPORT_NUMBER', 'ES', String.raw`\b(?:[A-Z]{3}[0-9]{6}|[A-Z]{2}[0-9]{6}[A-Z]?)\b`, 'PAA123456', 'PAA1'),
  passport('UK_PASSPORT_NUMBER', 'GB', String.raw`(?<![0-9])[0-9]{9}(?![0-9])`, '925076473', '9250'),
  // Next Generation passports (2021 on): a letter and eight digits; older books: nine digits.
  passport('USA_PASSPORT_NUMBER', 'US', String.raw`\b(?:[A-Z][0-9]{8}|[0-9]{9})\b`, 'A12345678', 'A123', ['travel document', 'us passport'], undefined,
    ['US passport «Z04817263» issued 2023', 'passport no «488839667»', '«A12345678» (US passport)'],
    'Passport number, US: a letter and 8 digits (Next Generation passport, 2021 on) or 9 digits (earlier books)'),
  {
    id: 'CANADA_NATIONAL_IDENTIFICATION_NUMBER', category: P, description: 'Canada permanent resident number', countries: ['CA'], recommended: false,
    keywords: ['permanent resident card', 'pr number', 'pr card', 'résident permanent no.', 'résident permanent', 'permanent resident number'],
    rules: [{ pattern: String.raw`\b[A-Z]{2}[0-9]{7,10}\b`, keywordRequired: true }],
    examples: { positive: ['PR card: «PA0123456»'], negative: ['PR card: PA01', 'PA0123456'] },
  },
  phone('PHONE_NUMBER', 'US', '1', String.raw`(?<![0-9])(?:\+?1[ .-]?)?\(?[2-9][0-9]{2}\)?[ .-]?[2-9][0-9]{2}[ .-]?[0-9]{4}(?![0-9])`, String.raw`[ .-]?\(?[2-9][0-9]{2}\)?[ .-]?[2-9][0-9]{2}[ .-]?[0-9]{4}`, '(206) 555-0142', '+1 206-555-0142'),
  phone('BRAZIL_PHONE_NUMBER', 'BR', '55', String.raw`(?<![0-9])\(?[1-9][0-9]\)?[ .-]?9?[0-9]{4}[ .-]?[0-9]{4}(?![0-9])`, String.raw`[ .-]?\(?[1-9][0-9]\)?[ .-]?9?[0-9]{4}[ .-]?[0-9]{4}`, '(11) 98765-4321', '+55 11 98765-4321'),
  phone('FRANCE_PHONE_NUMBER', 'FR', '33', String.raw`(?<![0-9])0[1-9](?:[ .-]?[0-9]{2}){4}(?![0-9])`, String.raw`[ .-]?(?:\(0\))?[1-9](?:[ .-]?[0-9]{2}){4}`, '01 42 68 53 00', '+33 1 42 68 53 00'),
  phone('GERMANY_PHONE_NUMBER', 'DE', '49', String.raw`(?<![0-9])0[1-9][0-9]{1,4}[ /-]?[0-9]{3,9}(?![0-9])`, String.raw`[ .-]?(?:\(0\))?[1-9][0-9]{1,4}[ /-]?[0-9]{3,9}`, '030 1234567', '+49 30 1234567'),
  phone('ITALY_PHONE_NUMBER', 'IT', '39', String.raw`(?<![0-9])(?:0[0-9]{1,3}|3[0-9]{2})[ .-]?[0-9]{6,8}(?![0-9])`, String.raw`[ .-]?(?:0[0-9]{1,3}|3[0-9]{2})[ .-]?[0-9]{6,8}`, '06 69812345', '+39 347 1234567'),
  phone('SPAIN_PHONE_NUMBER', 'ES', '34', String.raw`(?<![0-9])[6-9][0-9]{2}[ .-]?[0-9]{3}[ .-]?[0-9]{3}(?![0-9])`, String.raw`[ .-]?[6-9][0-9]{2}[ .-]?[0-9]{3}[ .-]?[0-9]{3}`, '612 345 678', '+34 612 345 678'),
  phone('UK_PHONE_NUMBER', 'GB', '44', String.raw`(?<![0-9])0[1-9][0-9]{1,4}[ -]?[0-9]{3,4}[ -]?[0-9]{3,4}(?![0-9])`, String.raw`[ .-]?(?:\(0\))?[1-9][0-9]{1,4}[ -]?[0-9]{3,4}[ -]?[0-9]{3,4}`, '020 7946 0958', '+44 20 7946 0958'),
  {
    id: 'ARGENTINA_TARJETA_SUBE', category: P, description: 'Argentina SUBE public transport card', countries: ['AR'], recommended: false,
    keywords: ['sistema único de boleto electrónico', 'sube', 'tarjeta sube'],
    rules: [{ pattern: String.raw`(?<![0-9])6061[ -]?[0-9]{4}[ -]?[0-9]{4}[ -]?[0-9]{4}(?![0-9])`, keywordRequired: true, validator: 'argentinaSube' }],
    examples: { positive: ['SUBE: «6061 2680 0000 0006»'], negative: ['SUBE: 6061 2680 0000 0007', '6061 2680 0000 0006'] },
  },
  {
    id: 'CANADA_SOCIAL_INSURANCE_NUMBER', category: P, description: 'Canada Social Insurance Number', countries: ['CA'], recommended: true,
    keywords: ['canadian id', "numéro d'assurance sociale", 'sin', 'social insurance number', 'sin#', 'nas'],
    rules: [{ pattern: String.raw`(?<![0-9])[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{3}(?![0-9])`, keywordRequired: true, validator: 'canadaSin' }],
    ignore: ['046454286'],
    examples: { positive: ['SIN: «273 500 454»', 'social insurance number «130-692-544»'], negative: ['SIN: 273 500 455', 'SIN: 046 454 286', '273 500 454'] },
  },
  {
    id: 'SPAIN_SOCIAL_SECURITY_NUMBER', category: P, description: 'Spain social security number (NSS)', countries: ['ES'], recommended: true,
    keywords: ['número de la seguridad social', 'numero de la seguridad social', 'seguridad social', 'nss', 'ssn', 'ssn#', 'naf'],
    rules: [{ pattern: String.raw`(?<![0-9])[0-9]{2}[ /-]?[0-9]{8}[ /-]?[0-9]{2}(?![0-9])`, keywordRequired: true, validator: 'spainNss' }],
    examples: { positive: ['NSS: «08 23456789 24»', 'seguridad social «281234567840»'], negative: ['NSS: 08 23456789 25', '08 23456789 24'] },
  },
  {
    id: 'USA_SOCIAL_SECURITY_NUMBER', category: P, description: 'US Social Security number', countries: ['US'], recommended: true,
    keywords: ['social security', 'social security number', 'ss#', 'ssn', 'ssn#', 'ss no', 'soc sec'],
    rules: [{ pattern: String.raw`(?<![0-9-])[0-9]{3}([- ]?)[0-9]{2}\1[0-9]{4}(?![0-9-])`, keywordRequired: true, validator: 'usSsn' }],
    examples: { positive: ['SSN: «536-22-8726»', 'social security number «536228726»'], negative: ['SSN: 000-12-3456', 'SSN: 666-12-3456', 'SSN: 900-12-3456', 'SSN: 536-00-8726', 'SSN: 536-22-0000', '536-22-8726'] },
  },
  {
    id: 'ARGENTINA_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER', category: P, description: 'Argentina CUIL / individual CUIT', countries: ['AR'], recommended: false,
    keywords: ['cuil', 'cuit', 'código único de identificación laboral', 'clave única de identificación tributaria'],
    rules: [{ pattern: String.raw`\b(?:20|23|24|27)-?[0-9]{8}-?[0-9]\b`, keywordRequired: true, validator: 'argentinaCuit' }],
    examples: { positive: ['CUIL: «20-34567890-6»'], negative: ['CUIL: 20-34567890-5', '20-34567890-6'] },
  },
  {
    id: 'ARGENTINA_ORGANIZATION_TAX_IDENTIFICATION_NUMBER', category: P, description: 'Argentina organization CUIT', countries: ['AR'], recommended: false,
    keywords: ['cuit', 'clave única de identificación tributaria', 'cuit empresa'],
    rules: [{ pattern: String.raw`\b(?:30|33|34)-?[0-9]{8}-?[0-9]\b`, keywordRequired: true, validator: 'argentinaCuit' }],
    examples: { positive: ['CUIT: «30-50001091-2»'], negative: ['CUIT: 30-50001091-3', '30-50001091-2'] },
  },
  {
    id: 'AUSTRALIA_TAX_FILE_NUMBER', category: P, description: 'Australia Tax File Number', countries: ['AU'], recommended: true,
    keywords: ['tax file number', 'tfn', 'tax file no'],
    rules: [{ pattern: String.raw`(?<![0-9-])[0-9]{3}([ -]?)[0-9]{3}\1[0-9]{2,3}(?![0-9-])`, keywordRequired: true, validator: 'australiaTfn' }],
    examples: { positive: ['TFN: «465 342 718»', 'tax file number «123456782»', 'TFN «345-615-583»'], negative: ['TFN: 465 342 719', '465 342 718', 'TFN: 345-615-584'] },
  },
  {
    id: 'BRAZIL_CNPJ_NUMBER', category: P, description: 'Brazil CNPJ', countries: ['BR'], recommended: false,
    keywords: ['cnpj', 'cadastro nacional da pessoa jurídica', 'cadastro nacional da pessoa juridica'],
    rules: [{ pattern: String.raw`(?<![0-9])[0-9]{2}\.?[0-9]{3}\.?[0-9]{3}/?[0-9]{4}-?[0-9]{2}(?![0-9])`, keywordRequired: true, validator: 'brazilCnpj' }],
    examples: { positive: ['CNPJ: «11.222.333/0001-81»'], negative: ['CNPJ: 11.222.333/0001-82', '11.222.333/0001-81'] },
  },
  {
    id: 'BRAZIL_CPF_NUMBER', category: P, description: 'Brazil CPF', countries: ['BR'], recommended: true,
    keywords: ['cpf', 'cadastro de pessoas físicas', 'cadastro de pessoas fisicas', 'cpf/mf'],
    rules: [{ pattern: String.raw`(?<![0-9])[0-9]{3}\.?[0-9]{3}\.?[0-9]{3}-?[0-9]{2}(?![0-9])`, keywordRequired: true, validator: 'brazilCpf' }],
    examples: { positive: ['CPF: «529.982.247-25»', 'cpf «11144477735»'], negative: ['CPF: 529.982.247-26', 'CPF: 111.111.111-11', '529.982.247-25'] },
  },
  {
    id: 'COLOMBIA_INDIVIDUAL_NIT_NUMBER', category: P, description: 'Colombia individual NIT', countries: ['CO'], recommended: false,
    keywords: ['nit', 'número de identificación tributaria', 'numero de identificacion tributaria'],
    rules: [{ pattern: String.raw`(?<![0-9.])[1-7][0-9]{0,2}(?:\.?[0-9]{3}){2}-?[0-9](?![0-9])`, keywordRequired: true, validator: 'colombiaNit' }],
    examples: { positive: ['NIT: «52.123.456-2»'], negative: ['NIT: 52.123.456-3', '52.123.456-2'] },
  },
  {
    id: 'COLOMBIA_ORGANIZATION_NIT_NUMBER', category: P, description: 'Colombia organization NIT', countries: ['CO'], recommended: false,
    keywords: ['nit', 'número de identificación tributaria', 'nit empresa'],
    rules: [{ pattern: String.raw`(?<![0-9.])[89][0-9]{2}\.?[0-9]{3}\.?[0-9]{3}-?[0-9](?![0-9])`, keywordRequired: true, validator: 'colombiaNit' }],
    examples: { positive: ['NIT: «860.034.313-7»'], negative: ['NIT: 800.197.268-5', '800.197.268-4'] },
  },
  {
    id: 'FRANCE_TAX_IDENTIFICATION_NUMBER', category: P, description: 'France numéro fiscal (SPI)', countries: ['FR'], recommended: true,
    keywords: ['numéro fiscal', 'numero fiscal', 'numéro spi', 'spi', 'tax identification number', 'tin', "numéro d'identification fiscale", 'nif'],
    rules: [{ pattern: String.raw`(?<![0-9])[0-3][0-9] ?[0-9]{2} ?[0-9]{3} ?[0-9]{3} ?[0-9]{3}(?![0-9])`, keywordRequired: true, validator: 'franceTaxId' }],
    examples: { positive: ['numéro fiscal: «30 23 217 600 053»', 'SPI «1234567890066»'], negative: ['numéro fiscal: 30 23 217 600 054', '30 23 217 600 053'] },
  },
  {
    id: 'GERMANY_TAX_IDENTIFICATION_NUMBER', category: P, description: 'Germany Steuer-IdNr', countries: ['DE'], recommended: true,
    keywords: ['steuer id', 'steueridentifikationsnummer', 'steuer-idnr', 'steuernummer', 'identifikationsnummer', 'tin', 'tax id', 'idnr'],
    rules: [{ pattern: String.raw`(?<![0-9])[1-9][0-9] ?[0-9]{3} ?[0-9]{3} ?[0-9]{3}(?![0-9])`, keywordRequired: true, validator: 'germanyTaxId' }],
    examples: { positive: ['Steuer-IdNr: «86 095 742 719»', 'steuer id «47036892816»'], negative: ['Steuer-IdNr: 86 095 742 718', '86 095 742 719'] },
  },
  {
    id: 'INDIA_PERMANENT_ACCOUNT_NUMBER', category: P, description: 'India Permanent Account Number (PAN)', countries: ['IN'], recommended: false,
    keywords: ['pan', 'pan card', 'permanent account number', 'pan no', 'pan number'],
    rules: [{ pattern: String.raw`\b[A-Z]{3}[ABCFGHLJPT][A-Z][0-9]{4}[A-Z]\b`, keywordRequired: true }],
    examples: { positive: ['PAN: «ABCPD1234E»'], negative: ['PAN: ABCXD1234E', 'ABCPD1234E'] },
  },
  {
    id: 'MEXICO_INDIVIDUAL_RFC_NUMBER', category: P, description: 'Mexico individual RFC', countries: ['MX'], recommended: false,
    keywords: ['rfc', 'registro federal de contribuyentes', 'rfc persona física'],
    rules: [{ pattern: String.raw`\b[A-ZÑ&]{4}[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[A-Z0-9]{3}\b`, keywordRequired: true }],
    ignore: ['XAXX010101000', 'XEXX010101000'],
    examples: { positive: ['RFC: «GODE561231GR8»'], negative: ['RFC: XAXX010101000', 'GODE561231GR8'] },
  },
  {
    id: 'MEXICO_ORGANIZATION_RFC_NUMBER', category: P, description: 'Mexico organization RFC', countries: ['MX'], recommended: false,
    keywords: ['rfc', 'registro federal de contribuyentes', 'rfc persona moral'],
    rules: [{ pattern: String.raw`\b[A-ZÑ&]{3}[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[A-Z0-9]{3}\b`, keywordRequired: true }],
    ignore: ['XAXX010101000', 'XEXX010101000'],
    examples: { positive: ['RFC: «ABC680524P76»'], negative: ['RFC: ABC681324P76', 'ABC680524P76'] },
  },
  {
    id: 'SPAIN_NIE_NUMBER', category: P, description: 'Spain Número de Identidad de Extranjero', countries: ['ES'], recommended: true,
    keywords: ['nie', 'número de identidad de extranjero', 'numero de identidad de extranjero', 'nie#', 'tarjeta de residencia'],
    rules: [{ pattern: String.raw`\b[XYZ]-?[0-9]{7}-?[A-Z]\b`, caseInsensitive: true, keywordRequired: true, validator: 'spainNie' }],
    examples: { positive: ['NIE: «Y7654321G»', 'nie «X-1234567-L»', 'nie «y7654321g»'], negative: ['NIE: Y7654321A', 'Y7654321G', 'NIE: X0000000T', 'NIE: X-0000000-T'] },
  },
  {
    id: 'SPAIN_NIF_NUMBER', category: P, description: 'Spain Número de Identificación Fiscal', countries: ['ES'], recommended: true,
    keywords: ['nif', 'número de identificación fiscal', 'numero de identificacion fiscal', 'nif#'],
    rules: [{ pattern: String.raw`\b(?:[0-9]{8}|[KLMXYZ][0-9]{7})-?[A-Z]\b`, keywordRequired: true, validator: 'spainNif' }],
    examples: { positive: ['NIF: «87654321X»', 'nif «K1234567L»'], negative: ['NIF: 87654321A', '87654321X'] },
  },
  {
    id: 'SPAIN_TAX_IDENTIFICATION_NUMBER', category: P, description: 'Spain CIF (entity tax identification)', countries: ['ES'], recommended: true,
    keywords: ['cif', 'código de identificación fiscal', 'codigo de identificacion fiscal', 'cif#', 'tax identification number'],
    rules: [{ pattern: String.raw`\b[ABCDEFGHJNPQRSUVW]-?[0-9]{7}-?[0-9A-J]\b`, keywordRequired: true, validator: 'spainCif' }],
    examples: { positive: ['CIF: «B12345674»', 'cif «A58818501»'], negative: ['CIF: B12345675', 'B12345674'] },
  },
  {
    id: 'UK_TAX_IDENTIFICATION_NUMBER', category: P, description: 'UK Unique Taxpayer Reference (UTR)', countries: ['GB'], recommended: false,
    keywords: ['unique taxpayer reference', 'utr', 'tax reference', 'paye', 'self assessment'],
    rules: [{ pattern: String.raw`(?<![0-9])[0-9]{5} ?[0-9]{5}(?![0-9])`, keywordRequired: true, validator: 'ukUtr' }],
    examples: { positive: ['UTR: «99876 54321»', 'unique taxpayer reference «2234567890»'], negative: ['UTR: 1234567890', '9987654321'] },
  },
  {
    id: 'USA_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER', category: P, description: 'US Individual Taxpayer Identification Number (ITIN)', countries: ['US'], recommended: true,
    keywords: ['individual taxpayer identification number', 'itin', 'i.t.i.n', 'itin#', 'taxpayer id'],
    rules: [{ pattern: String.raw`(?<![0-9-])9[0-9]{2}[- ]?[0-9]{2}[- ]?[0-9]{4}(?![0-9-])`, keywordRequired: true, validator: 'usItin' }],
    examples: { positive: ['ITIN: «912-70-1234»'], negative: ['ITIN: 912-93-1234', '912-70-1234'] },
  },
  {
    id: 'VEHICLE_IDENTIFICATION_NUMBER', category: P, countries: ['ANY'], recommended: false,
    // ISO 3779 makes the check digit (position 9) mandatory only in North America; elsewhere it is optional.
    description: 'Vehicle Identification Number (VIN); the check digit is enforced only for North American VINs (first character 1-5)',
    keywords: ['vin', 'vehicle identification number', 'fahrgestellnummer', 'fahrzeug-identifizierungsnummer', 'niv', "numéro d'identification du véhicule", 'numer vin', 'número de bastidor', 'número de chassi', 'număr de identificare'],
    rules: [{ pattern: String.raw`\b[A-HJ-NPR-Z0-9]{17}\b`, caseInsensitive: true, keywordRequired: true, validator: 'vin' }],
    examples: {
      positive: ['VIN: «1HGCM82633A004352»', 'Fahrgestellnummer «WVWZZZ1JZXW000001»', 'vin «1hgcm82633a004352»', 'VIN (European, no check digit): «WVWZZZ1JZXW000002»'],
      negative: ['VIN: 1HGCM82643A004352', '1HGCM82633A004352', 'vin 1hgcm82643a004352'],
    },
  },
] as const satisfies readonly IdentifierSpec[];
