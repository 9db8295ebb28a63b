// Managed data identifiers for protected health information (Macie User Guide, PHI; reference D.3). None is in
// the recommended set.
import type { IdentifierSpec } from '../types.js';

export const phi = [
  {
    id: 'US_DRUG_ENFORCEMENT_AGENCY_NUMBER', category: 'PERSONAL_INFORMATION', description: 'DEA Registration Number',
    countries: ['US'], recommended: false,
    keywords: ['dea number', 'dea registration', 'dea#', 'dea no'],
    rules: [{ pattern: String.raw`\b[A-Z][A-Z9][0-9]{7}\b`, caseInsensitive: true, keywordRequired: true, validator: 'usDea' }],
    examples: { positive: ['DEA number: «BM7654329»', 'dea registration «AB1234563»', 'dea# «bm7654329»'], negative: ['DEA number: BM7654328', 'AB1234563', 'dea# bm7654328'] },
  },
  {
    id: 'USA_HEALTH_INSURANCE_CLAIM_NUMBER', category: 'PERSONAL_INFORMATION', description: 'Health Insurance Claim Number (HICN)',
    countries: ['US'], recommended: false,
    keywords: ['health insurance claim number', 'hic no', 'hic no.', 'hic number', 'hic#', 'hicn', 'medicare claim'],
    rules: [{ pattern: String.raw`\b[0-9]{3}-?[0-9]{2}-?[0-9]{4}[A-Z][0-9A-Z]?\b`, keywordRequired: true, validator: 'usHicn' }],
    examples: { positive: ['HICN: «536-22-8726A»', 'hic# «536228726B1»'], negative: ['HICN: 000-22-8726A', '536-22-8726A'] },
  },
  {
    id: 'CANADA_HEALTH_NUMBER', category: 'PERSONAL_INFORMATION', description: 'Canada Personal Health Number',
    countries: ['CA'], recommended: false,
    keywords: ['canada healthcare number', 'msp number', 'personal healthcare number', 'phn', 'soins de santé', 'health card number', 'ohip'],
    rules: [{ pattern: String.raw`\b[0-9]{4}[ -]?[0-9]{3}[ -]?[0-9]{3}(?:[ -]?[A-Z]{2})?\b`, keywordRequired: true }],
    examples: { positive: ['PHN: «9123 456 789»', 'OHIP «1234-567-890-AB»'], negative: ['PHN: 912345', '9123 456 789'] },
  },
  {
    id: 'EUROPEAN_HEALTH_INSURANCE_CARD_NUMBER', category: 'PERSONAL_INFORMATION', description: 'European Health Insurance Card number',
    countries: ['EU'], recommended: false,
    keywords: ['ehic', 'ehic#', 'health card', 'health insurance card', "carte européenne d'assurance maladie", 'krankenversicherungskarte', 'tessera sanitaria', 'tarjeta sanitaria europea', 'european health insurance'],
    rules: [{ pattern: String.raw`\b[0-9]{20}\b`, keywordRequired: true }],
    examples: { positive: ['EHIC: «80276005550000123456»'], negative: ['EHIC: 8027600555', '80276005550000123456'] },
  },
  {
    id: 'FINLAND_EUROPEAN_HEALTH_INSURANCE_NUMBER', category: 'PERSONAL_INFORMATION', description: 'Finnish European Health Insurance Card number',
    countries: ['FI'], recommended: false,
    keywords: ['ehic', 'finland health insurance card', 'sairausvakuutuskortti', 'terveyskortti', 'eurooppalainen sairaanhoitokortti', 'kela'],
    priority: 1,
    rules: [{ pattern: String.raw`\b80246[0-9]{15}\b`, keywordRequired: true }],
    examples: { positive: ['sairausvakuutuskortti «80246000000012345678»'], negative: ['sairausvakuutuskortti 80276000000012345678'] },
  },
  {
    id: 'FRANCE_HEALTH_INSURANCE_NUMBER', category: 'PERSONAL_INFORMATION', description: 'French health insurance number (carte Vitale)',
    countries: ['FR'], recommended: false,
    keywords: ["carte d'assuré social", 'carte vitale', 'insurance card', 'numéro de sécurité sociale', 'assurance maladie'],
    rules: [{ pattern: String.raw`\b[1-478] ?[0-9]{2} ?[0-9]{2} ?(?:[0-9]{2}|2[AB]) ?[0-9]{3} ?[0-9]{3} ?[0-9]{2}\b`, keywordRequired: true, validator: 'franceInsee' }],
    examples: { positive: ['carte vitale: «1 84 12 76 451 089 46»'], negative: ['carte vitale: 1 84 12 76 451 089 47', '1 84 12 76 451 089 46'] },
  },
  {
    id: 'UK_NHS_NUMBER', category: 'PERSONAL_INFORMATION', description: 'NHS number',
    countries: ['GB'], recommended: false,
    keywords: ['national health service', 'nhs', 'nhs number', 'nhs no'],
    rules: [{ pattern: String.raw`(?<![0-9])[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{4}(?![0-9])`, keywordRequired: true, validator: 'ukNhs' }],
    examples: { positive: ['NHS number: «943 476 5919»', 'nhs «4857773457»'], negative: ['NHS number: 943 476 5918', '943 476 5919'] },
  },
  {
    id: 'USA_MEDICARE_BENEFICIARY_IDENTIFIER', category: 'PERSONAL_INFORMATION', description: 'Medicare Beneficiary Identifier (MBI)',
    countries: ['US'], recommended: false,
    keywords: ['mbi', 'medicare beneficiary', 'medicare id', 'medicare number'],
    rules: [{ pattern: String.raw`\b[1-9][A-Z][A-Z0-9][0-9]-?[A-Z][A-Z0-9][0-9]-?[A-Z]{2}[0-9]{2}\b`, keywordRequired: true, validator: 'usMbi' }],
    examples: { positive: ['MBI: «1EG4-TE5-MK73»'], negative: ['MBI: 1SG4-TE5-MK73', '1EG4-TE5-MK73'] },
  },
  {
    id: 'USA_HEALTHCARE_PROCEDURE_CODE', category: 'PERSONAL_INFORMATION', description: 'Healthcare Common Procedure Coding System (HCPCS) code',
    countries: ['US'], recommended: false,
    keywords: ['current procedural terminology', 'hcpcs', 'healthcare common procedure coding system', 'cpt code', 'procedure code'],
    rules: [{ pattern: String.raw`\b(?:[A-V][0-9]{4}|[0-9]{4}[0-9FTU])\b`, keywordRequired: true }],
    examples: { positive: ['HCPCS: «J3490»', 'procedure code «99213»'], negative: ['HCPCS: Z3490', 'J3490'] },
  },
  {
    id: 'USA_NATIONAL_DRUG_CODE', category: 'PERSONAL_INFORMATION', description: 'National Drug Code (NDC)',
    countries: ['US'], recommended: false,
    keywords: ['national drug code', 'ndc', 'ndc#'],
    rules: [{ pattern: String.raw`\b(?:[0-9]{4}-[0-9]{4}-[0-9]{2}|[0-9]{5}-[0-9]{3}-[0-9]{2}|[0-9]{5}-[0-9]{4}-[0-9]{1,2})\b`, keywordRequired: true }],
    examples: { positive: ['NDC «0777-3105-02»', 'national drug code: «50580-0488-01»'], negative: ['NDC 0777-3105', '0777-3105-02'] },
  },
  {
    id: 'USA_NATIONAL_PROVIDER_IDENTIFIER', category: 'PERSONAL_INFORMATION', description: 'National Provider Identifier (NPI)',
    countries: ['US'], recommended: false,
    keywords: ['hipaa', 'n.p.i', 'national provider', 'npi', 'npi#'],
    rules: [{ pattern: String.raw`(?<![0-9])[12][0-9]{9}(?![0-9])`, keywordRequired: true, validator: 'usNpi' }],
    examples: { positive: ['NPI: «1987654328»', 'national provider «1234567893»'], negative: ['NPI: 1987654329', '1987654328'] },
  },
  {
    id: 'MEDICAL_DEVICE_UDI', category: 'PERSONAL_INFORMATION', description: 'Unique device identifier (GS1, HIBCC)',
    countries: ['US'], recommended: false,
    keywords: ['blood', 'blood bag', 'dev id', 'device id', 'gs1', 'hibcc', 'iccbba', 'udi', 'unique device identifier'],
    rules: [
      { pattern: String.raw`\(01\)[0-9]{14}(?:\([0-9]{2,4}\)[0-9A-Za-z]{1,20})*`, keywordRequired: true, validator: 'gs1Udi' },
      { pattern: String.raw`\+[A-Z][0-9A-Z]{3}[0-9A-Z]{1,18}/?[0-9A-Z$+%]{0,20}\b`, keywordRequired: true },
    ],
    examples: { positive: ['UDI: «(01)10884578000122(17)251231(10)A123»', 'device id «+H629CIRC1014A»'], negative: ['UDI: (01)10884578000123', '(01)10884578000122'] },
  },
] as const satisfies readonly IdentifierSpec[];
