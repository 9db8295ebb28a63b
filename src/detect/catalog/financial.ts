// Managed data identifiers for financial information (Macie User Guide; reference D.2), including the 52 IBAN
// identifiers. FR/DE/IT/ES/UK bank account identifiers cover both the domestic BBAN (keyword required) and the IBAN.
import { CARD_NUMBER_PATTERN } from '../engine/card-confirm.js';
import type { IdentifierSpec, MatchRule } from '../types.js';

/** [Macie ID, IBAN country code, registered IBAN length, a mod-97-valid example]. */
const ibanCountries = [
  ['ALBANIA_BANK_ACCOUNT_NUMBER', 'AL', 28, 'AL95686668688848804808806028'],
  ['ANDORRA_BANK_ACCOUNT_NUMBER', 'AD', 24, 'AD3286488860086804644446'],
  ['BOSNIA_AND_HERZEGOVINA_BANK_ACCOUNT_NUMBER', 'BA', 20, 'BA400480226828606028'],
  ['BRAZIL_BANK_ACCOUNT_NUMBER', 'BR', 29, 'BR974280488608042406064808484'],
  ['BULGARIA_BANK_ACCOUNT_NUMBER', 'BG', 22, 'BG63240246846480822068'],
  ['COSTA_RICA_BANK_ACCOUNT_NUMBER', 'CR', 22, 'CR49402660284440642848'],
  ['CROATIA_BANK_ACCOUNT_NUMBER', 'HR', 21, 'HR6720420266888064228'],
  ['CYPRUS_BANK_ACCOUNT_NUMBER', 'CY', 28, 'CY12680642682204228400888482'],
  ['CZECH_REPUBLIC_BANK_ACCOUNT_NUMBER', 'CZ', 24, 'CZ1220084846468440284066'],
  ['DENMARK_BANK_ACCOUNT_NUMBER', 'DK', 18, 'DK9802804288282866'],
  ['DOMINICAN_REPUBLIC_BANK_ACCOUNT_NUMBER', 'DO', 28, 'DO77488420028404064242664242'],
  ['EGYPT_BANK_ACCOUNT_NUMBER', 'EG', 29, 'EG838406064248440000264084466'],
  ['ESTONIA_BANK_ACCOUNT_NUMBER', 'EE', 20, 'EE662224408846644262'],
  ['FAROE_ISLANDS_BANK_ACCOUNT_NUMBER', 'FO', 18, 'FO9768682040208408'],
  ['FINLAND_BANK_ACCOUNT_NUMBER', 'FI', 18, 'FI8226886684048844'],
  ['FRANCE_BANK_ACCOUNT_NUMBER', 'FR', 27, 'FR4348608242044604262088604'],
  ['GEORGIA_BANK_ACCOUNT_NUMBER', 'GE', 22, 'GE09444482442420882286'],
  ['GERMANY_BANK_ACCOUNT_NUMBER', 'DE', 22, 'DE58826066604008660644'],
  ['GREECE_BANK_ACCOUNT_NUMBER', 'GR', 27, 'GR4302222026046028206486046'],
  ['GREENLAND_BANK_ACCOUNT_NUMBER', 'GL', 18, 'GL2222282062420228'],
  ['HUNGARY_BANK_ACCOUNT_NUMBER', 'HU', 28, 'HU55008206208640886840862224'],
  ['ICELAND_BANK_ACCOUNT_NUMBER', 'IS', 26, 'IS882888084048042286846262'],
  ['IRELAND_BANK_ACCOUNT_NUMBER', 'IE', 22, 'IE67422004666066464848'],
  ['ITALY_BANK_ACCOUNT_NUMBER', 'IT', 27, 'IT3188460604006442848644044'],
  ['JORDAN_BANK_ACCOUNT_NUMBER', 'JO', 30, 'JO7246264824222028060064608486'],
  ['KOSOVO_BANK_ACCOUNT_NUMBER', 'XK', 20, 'XK858444242664088264'],
  ['LIECHTENSTEIN_BANK_ACCOUNT_NUMBER', 'LI', 21, 'LI6062602244226486402'],
  ['LITHUANIA_BANK_ACCOUNT_NUMBER', 'LT', 20, 'LT902224202282206084'],
  ['MALTA_BANK_ACCOUNT_NUMBER', 'MT', 31, 'MT76882420046846220224280620400'],
  ['MAURITANIA_BANK_ACCOUNT_NUMBER', 'MR', 27, 'MR7106402642022620626026626'],
  ['MAURITIUS_BANK_ACCOUNT_NUMBER', 'MU', 30, 'MU4404664664088428880020688280'],
  ['MONACO_BANK_ACCOUNT_NUMBER', 'MC', 27, 'MC3144484460068486228624246'],
  ['MONTENEGRO_BANK_ACCOUNT_NUMBER', 'ME', 22, 'ME75006084024620064666'],
  ['NETHERLANDS_BANK_ACCOUNT_NUMBER', 'NL', 18, 'NL2622486000228684'],
  ['NORTH_MACEDONIA_BANK_ACCOUNT_NUMBER', 'MK', 19, 'MK27482882606080026'],
  ['POLAND_BANK_ACCOUNT_NUMBER', 'PL', 28, 'PL66686226049008424060402286'],
  ['PORTUGAL_BANK_ACCOUNT_NUMBER', 'PT', 25, 'PT38686884226828648240620'],
  ['SAN_MARINO_BANK_ACCOUNT_NUMBER', 'SM', 27, 'SM4308644008280264444088264'],
  ['SENEGAL_BANK_ACCOUNT_NUMBER', 'SN', 28, 'SN87642802020640426082828841'],
  ['SERBIA_BANK_ACCOUNT_NUMBER', 'RS', 22, 'RS16206602844244888220'],
  ['SLOVAKIA_BANK_ACCOUNT_NUMBER', 'SK', 24, 'SK3644200860220260826408'],
  ['SLOVENIA_BANK_ACCOUNT_NUMBER', 'SI', 19, 'SI08880248206062666'],
  ['SPAIN_BANK_ACCOUNT_NUMBER', 'ES', 24, 'ES2780866606248842008088'],
  ['SWEDEN_BANK_ACCOUNT_NUMBER', 'SE', 24, 'SE0568404428002488884420'],
  ['SWITZERLAND_BANK_ACCOUNT_NUMBER', 'CH', 21, 'CH4666084064422000226'],
  ['TIMOR_LESTE_BANK_ACCOUNT_NUMBER', 'TL', 23, 'TL034204028662046820806'],
  ['TUNISIA_BANK_ACCOUNT_NUMBER', 'TN', 24, 'TN9682260624208284644048'],
  ['TURKIYE_BANK_ACCOUNT_NUMBER', 'TR', 26, 'TR896462824202828460480004'],
  ['UK_BANK_ACCOUNT_NUMBER', 'GB', 22, 'GB57206484286202228264'],
  ['UKRAINE_BANK_ACCOUNT_NUMBER', 'UA', 29, 'UA904206824082044046222864826'],
  ['UNITED_ARAB_EMIRATES_BANK_ACCOUNT_NUMBER', 'AE', 23, 'AE456044868426286068004'],
  ['VIRGIN_ISLANDS_BANK_ACCOUNT_NUMBER', 'VG', 24, 'VG2922180042044020242286'],
] as const;

const bankKeywords = ['account code', 'account number', 'accountno#', 'bban', 'iban', 'customer account id', 'account no'];

/** Domestic (BBAN) formats, keyword required, for the five countries Macie documents them for. */
const bban: Record<string, { rule: MatchRule; keywords: string[]; example: string; negative: string }> = {
  FR: {
    rule: { pattern: String.raw`\b\d{5} ?\d{5} ?[0-9A-Z]{11} ?\d{2}\b`, keywordRequired: true, validator: 'franceRib' },
    keywords: ['code bancaire', 'compte bancaire', 'numéro de compte', 'rib'],
    example: 'numéro de compte: «20041 01005 0500013M026 06»',
    negative: 'numéro de compte: 20041 01005 0500013M026 07',
  },
  DE: {
    rule: { pattern: String.raw`\b\d{8} ?\d{10}\b`, keywordRequired: true },
    keywords: ['bankleitzahl', 'kontonummer', 'sepa', 'bankkonto'],
    example: 'Kontonummer «37040044 0532013000»',
    negative: 'Kontonummer 3704004405',
  },
  IT: {
    rule: { pattern: String.raw`\b[A-Z] ?\d{5} ?\d{5} ?[0-9A-Z]{12}\b`, keywordRequired: true },
    keywords: ['codice bancario', 'conto bancario', 'numero di conto'],
    example: 'conto bancario «X 05428 11101 000000123456»',
    negative: 'conto bancario X 05428 11101',
  },
  ES: {
    rule: { pattern: String.raw`\b\d{4}[ -]?\d{4}[ -]?\d{2}[ -]?\d{10}\b`, keywordRequired: true, validator: 'spainCcc' },
    keywords: ['código cuenta', 'número cuenta bancaria cliente', 'cuenta bancaria', 'ccc'],
    example: 'cuenta bancaria: «2100 0418 45 0200051332»',
    negative: 'cuenta bancaria: 2100 0418 46 0200051332',
  },
  GB: {
    rule: { pattern: String.raw`\b\d{2}[- ]?\d{2}[- ]?\d{2}[ ]?\d{8}\b`, keywordRequired: true },
    keywords: ['sort code', 'bank account', 'account number'],
    example: 'account number «60-16-13 31926819»',
    negative: 'account number 60-16-13',
  },
};

const groupIban = (iban: string): string => iban.replace(/(.{4})(?=.)/g, '$1 ');

function ibanEntry([id, cc, length, example]: (typeof ibanCountries)[number]): IdentifierSpec {
  const broken = example.slice(0, 2) + String((Number(example.slice(2, 4)) + 1) % 100).padStart(2, '0') + example.slice(4);
  const domestic = bban[cc];
  const ibanRule: MatchRule = {
    pattern: String.raw`\b${cc}\d{2}(?:[ -]?[0-9A-Z]){${length - 4}}\b`,
    caseInsensitive: true,
    keywordRequired: false,
    // The IBAN's `length` letters and digits, each optionally after one space or hyphen, all in the run from its start.
    gate: { shape: 'ibanPrefix', shapePrefix: cc, minRun: Math.min(length, 64) },
    validator: 'iban',
  };
  return {
    id,
    category: 'FINANCIAL_INFORMATION',
    description: domestic ? `Bank account number (BBAN or IBAN), ${cc}` : `International bank account number (IBAN), ${cc}`,
    countries: [cc === 'GB' ? 'GB' : cc],
    recommended: false,
    keywords: domestic ? [...bankKeywords, ...domestic.keywords] : bankKeywords,
    rules: domestic ? [ibanRule, domestic.rule] : [ibanRule],
    examples: {
      positive: [`IBAN: «${example}»`, `pay to «${groupIban(example)}» today`, `iban «${example.toLowerCase()}»`, ...(domestic ? [domestic.example] : [])],
      negative: [broken, example.slice(0, -1), `${example}0`, ...(domestic ? [domestic.negative] : [])],
    },
  };
}

const cardKeywords = [
  'account number', 'american express', 'amex', 'bank card', 'card', 'card num', 'card number', 'cc #', 'cc#', 'ccn',
  'check card', 'credit', 'credit card', 'credit card #', 'credit card number', 'cvv', 'debit', 'debit card', 'diners club',
  'discover', 'jcb', 'maestro', 'mastercard', 'mc', 'pan', 'payment card', 'unionpay', 'visa', 'carte bancaire',
  'carte de crédit', 'kreditkarte', 'carta di credito', 'tarjeta de crédito', 'cartão de crédito',
];

/** Card-issuer test numbers documented by the issuers and payment processors; never reported. */
const cardTestNumbers = [
  '4111111111111111', '4012888888881881', '4222222222222', '4242424242424242', '4000056655665556', '5555555555554444',
  '5105105105105100', '5200828282828210', '2223003122003222', '378282246310005', '371449635398431', '378734493671000',
  '6011111111111117', '6011000990139424', '6011000400000000', '30569309025904', '38520000023237', '3530111333300000',
  '3566002020360505', '6200000000000005', '4000000000000002', '5019717010103742',
];

const cardNumberPattern = CARD_NUMBER_PATTERN;

export const financial = [
  {
    id: 'BANK_ACCOUNT_NUMBER',
    category: 'FINANCIAL_INFORMATION',
    description: 'Bank account number, Canada and US (9–17 digits)',
    countries: ['CA', 'US'],
    recommended: false,
    keywords: ['bank account', 'bank acct', 'checking account', 'checking acct', 'deposit account', 'deposit acct', 'savings account', 'savings acct', 'chequing account', 'chequing acct'],
    rules: [{ pattern: String.raw`(?<![0-9-])[0-9]{9,17}(?![0-9-])`, keywordRequired: true }],
    examples: {
      positive: ['Checking account: «000123456789»', 'savings_acct «98765432101»'],
      negative: ['Checking account: 12345678', 'order 000123456789'],
    },
  },
  {
    id: 'CREDIT_CARD_EXPIRATION',
    category: 'FINANCIAL_INFORMATION',
    description: 'Credit card expiration date',
    countries: ['ANY'],
    recommended: false,
    keywords: ['exp d', 'exp m', 'exp y', 'expiration', 'expiry', 'exp date', 'expires', 'valid thru', 'good thru', 'expiration date'],
    rules: [{ pattern: String.raw`(?<![0-9/])(?:0?[1-9]|1[0-2]) ?[/-] ?(?:20[0-9]{2}|[0-9]{2})(?![0-9/])`, keywordRequired: true, validator: 'cardExpiration' }],
    examples: { positive: ['Expiry: «09/27»', 'expiration date «12/2028»'], negative: ['expiry 13/27', 'on 09/27 we met'] },
  },
  {
    id: 'CREDIT_CARD_MAGNETIC_STRIPE',
    category: 'FINANCIAL_INFORMATION',
    description: 'Credit card magnetic stripe data (tracks 1 and 2)',
    countries: ['ANY'],
    recommended: true,
    keywords: ['card data', 'iso7813', 'mag', 'magstripe', 'stripe', 'swipe', 'track data', 'track 1', 'track 2'],
    rules: [
      {
        pattern: String.raw`%B[0-9]{13,19}\^[^^\r\n]{2,26}\^[0-9]{4}[^?\r\n]{0,80}\?|;[0-9]{13,19}=[0-9]{4}[0-9]{0,30}\?`,
        keywordRequired: true,
        maxLength: 400,
        validator: 'magneticStripe',
      },
    ],
    examples: {
      positive: ['swipe: «%B4556737586899855^DOE/JANE^2512101000000000000?»', 'track 2 «;4556737586899855=25121010000000000?»'],
      negative: ['swipe: ;4556737586899856=25121010000000000?', ';4556737586899855=25121010000000000?'],
    },
  },
  {
    id: 'CREDIT_CARD_NUMBER',
    category: 'FINANCIAL_INFORMATION',
    description: 'Credit card number near a keyword',
    countries: ['ANY'],
    recommended: true,
    priority: 1,
    keywords: cardKeywords,
    // A card number is itself a run of 13 or more digits, spaces and hyphens.
    rules: [{ pattern: cardNumberPattern, keywordRequired: true, validator: 'creditCard', run: { chars: '0-9 -', min: 13 } }],
    ignore: cardTestNumbers,
    examples: {
      positive: ['visa: «4556 7375 8689 9855»', 'Credit card number «5425233430109903»', 'amex «3415-732906-18424»'],
      negative: ['visa: 4556 7375 8689 9856', 'visa: 4111 1111 1111 1111', 'card 1234567812345678'],
    },
  },
  {
    id: 'CREDIT_CARD_NUMBER_(NO_KEYWORD)',
    category: 'FINANCIAL_INFORMATION',
    description: 'Credit card number without a keyword',
    countries: ['ANY'],
    recommended: false,
    keywords: [],
    // A card number has 13 to 19 digits from the gate's hit: shorter digit runs (dates, times, phone numbers) need no regex.
    rules: [{ pattern: cardNumberPattern, keywordRequired: false, gate: { shape: 'cardDigits', minRun: 13, confirm: 'cardNumber' }, validator: 'creditCard' }],
    ignore: cardTestNumbers,
    examples: {
      positive: ['order ref «4556737586899855» shipped', 'x «5425-2334-3010-9903» y'],
      negative: ['order ref 4556737586899856', '4111111111111111', '1700000000000000', '2024-01-01T12:00:00Z', 'req=45567375-8689-9855-a103-f591c2d3e4f5'],
    },
  },
  {
    id: 'CREDIT_CARD_SECURITY_CODE',
    category: 'FINANCIAL_INFORMATION',
    description: 'Credit card verification code',
    countries: ['ANY'],
    recommended: false,
    keywords: ['card id', 'card identification code', 'card identification number', 'card security code', 'card validation code', 'card validation number', 'card verification data', 'card verification value', 'cvc', 'cvc2', 'cvv', 'cvv2', 'elo verification code', 'security code'],
    rules: [{ pattern: String.raw`(?<![0-9])[0-9]{3,4}(?![0-9])`, keywordRequired: true }],
    examples: { positive: ['CVV: «123»', 'card security code «4821»'], negative: ['CVV: 12', 'code 123'] },
  },
  ...ibanCountries.map(ibanEntry),
] as const satisfies readonly IdentifierSpec[];
