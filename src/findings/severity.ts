// Severity and type as Macie assigns them (macie2-detail.md E): sensitive data findings take the highest severity
// any detected type earns from its occurrence count (buckets 1 / 2–99 / ≥100), custom identifiers their own
// severity levels (MEDIUM by default); policy findings have a fixed severity per type.
import type { FindingType, SensitiveDataItemCategory, Severity, SeverityDescription } from '../models/macie2/index.js';
import { customSeverityFor, getManagedIdentifier, type CustomIdentifierSpec } from '../detect/index.js';

type Level = 'Low' | 'Medium' | 'High';
/** Severity for one occurrence, for 2–99, and for 100 or more. */
type Ladder = readonly [Level, Level, Level];

const HHH: Ladder = ['High', 'High', 'High'];
const LMH: Ladder = ['Low', 'Medium', 'High'];
const MHH: Ladder = ['Medium', 'High', 'High'];
const MMH: Ladder = ['Medium', 'Medium', 'High'];
const LMM: Ladder = ['Low', 'Medium', 'Medium'];
const LLM: Ladder = ['Low', 'Low', 'Medium'];

/** E.4's rows other than "High at any count", keyed by managed identifier ID (or an ID suffix). */
const LADDERS: ReadonlyArray<[RegExp, Ladder]> = [
  [/^CREDIT_CARD_EXPIRATION$/, LMH],
  [/^CREDIT_CARD_SECURITY_CODE$/, MHH],
  [/^MEDICAL_DEVICE_UDI$/, LMH],
  [/^DATE_OF_BIRTH$/, LMH],
  [/DRIVERS_LICENSE$/, LMH],
  [/^NAME$/, LMH],
  [/^LATITUDE_LONGITUDE$/, LMM],
  [/^HTTP_COOKIE$/, LMH],
  [/^ADDRESS$/, LMH],
  [/^BRAZIL_CEP_CODE$/, LMH],
  [/PASSPORT_NUMBER$/, MHH],
  [/PHONE_NUMBER$/, LMH],
  [/^ARGENTINA_TARJETA_SUBE$/, MMH],
  [/^(ARGENTINA_ORGANIZATION_TAX_IDENTIFICATION_NUMBER|COLOMBIA_ORGANIZATION_NIT_NUMBER|MEXICO_ORGANIZATION_RFC_NUMBER)$/, MMH],
  [/^VEHICLE_IDENTIFICATION_NUMBER$/, LLM],
];

const SCORE: Record<Level, number> = { Low: 1, Medium: 2, High: 3 };
const FROM_DATA_SEVERITY = { LOW: 'Low', MEDIUM: 'Medium', HIGH: 'High' } as const;

export const severityOf = (description: SeverityDescription): Severity => ({ description, score: SCORE[description] });

const bucket = (count: number) => (count <= 1 ? 0 : count < 100 ? 1 : 2);

/** The severity one managed identifier's occurrences earn (credentials, bank accounts, card numbers: always High). */
export function managedTypeSeverity(type: string, count: number): Level {
  for (const [re, ladder] of LADDERS) if (re.test(type)) return ladder[bucket(count)]!;
  return 'High';
}

export interface SeverityInput {
  /** Managed detections: identifier ID and occurrence count. */
  managed?: ReadonlyArray<{ type: string; count: number }>;
  /** Custom detections: count and the identifier's severity levels. */
  custom?: ReadonlyArray<{ count: number; severityLevels?: CustomIdentifierSpec['severityLevels'] }>;
}

/** The severity of a sensitive data finding, or undefined when nothing earns one (no finding is created). */
export function sensitiveDataSeverity(input: SeverityInput): Severity | undefined {
  let best = 0;
  for (const d of input.managed ?? []) if (d.count > 0) best = Math.max(best, SCORE[managedTypeSeverity(d.type, d.count)]);
  for (const c of input.custom ?? []) {
    const level = customSeverityFor(c.severityLevels, c.count);
    if (level) best = Math.max(best, SCORE[FROM_DATA_SEVERITY[level]]);
  }
  if (best === 0) return undefined;
  return severityOf((['Low', 'Medium', 'High'] as const)[best - 1]!);
}

/** E.3: policy findings' fixed severities. */
export const POLICY_SEVERITY: Readonly<Record<string, SeverityDescription>> = Object.freeze({
  'Policy:IAMUser/S3BlockPublicAccessDisabled': 'High',
  'Policy:IAMUser/S3BucketEncryptionDisabled': 'Low',
  'Policy:IAMUser/S3BucketPublic': 'High',
  'Policy:IAMUser/S3BucketReplicatedExternally': 'High',
  'Policy:IAMUser/S3BucketSharedExternally': 'High',
  'Policy:IAMUser/S3BucketSharedWithCloudFront': 'Medium',
});

export function policySeverity(type: FindingType): Severity {
  const d = POLICY_SEVERITY[type];
  if (!d) throw new Error(`${type} is not a policy finding type`);
  return severityOf(d);
}

const TYPE_BY_CATEGORY: Record<SensitiveDataItemCategory, FindingType> = {
  CREDENTIALS: 'SensitiveData:S3Object/Credentials',
  FINANCIAL_INFORMATION: 'SensitiveData:S3Object/Financial',
  PERSONAL_INFORMATION: 'SensitiveData:S3Object/Personal',
  CUSTOM_IDENTIFIER: 'SensitiveData:S3Object/CustomIdentifier',
};

/** E.1: one category gives its own type, more than one gives Multiple. */
export function sensitiveDataFindingType(categories: Iterable<SensitiveDataItemCategory>): FindingType | undefined {
  const set = new Set(categories);
  if (set.size === 0) return undefined;
  if (set.size > 1) return 'SensitiveData:S3Object/Multiple';
  return TYPE_BY_CATEGORY[[...set][0]!];
}

/** The category a managed identifier belongs to, from the catalog. */
export function managedCategory(type: string): SensitiveDataItemCategory | undefined {
  return getManagedIdentifier(type)?.category;
}
