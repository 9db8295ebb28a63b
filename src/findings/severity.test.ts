import { describe, expect, it } from 'vitest';
import { managedTypeSeverity, policySeverity, sensitiveDataFindingType, sensitiveDataSeverity } from './severity.js';

describe('sensitive data severity (E.4)', () => {
  const ladder = (type: string) => [1, 2, 99, 100].map((n) => managedTypeSeverity(type, n));
  it('follows the count buckets 1 / 2–99 / ≥100 per type', () => {
    expect(ladder('AWS_CREDENTIALS')).toEqual(['High', 'High', 'High', 'High']);
    expect(ladder('CREDIT_CARD_NUMBER_(NO_KEYWORD)')).toEqual(['High', 'High', 'High', 'High']);
    expect(ladder('GERMANY_BANK_ACCOUNT_NUMBER')).toEqual(['High', 'High', 'High', 'High']);
    expect(ladder('CREDIT_CARD_EXPIRATION')).toEqual(['Low', 'Medium', 'Medium', 'High']);
    expect(ladder('CREDIT_CARD_SECURITY_CODE')).toEqual(['Medium', 'High', 'High', 'High']);
    expect(ladder('UK_DRIVERS_LICENSE')).toEqual(['Low', 'Medium', 'Medium', 'High']);
    expect(ladder('USA_PASSPORT_NUMBER')).toEqual(['Medium', 'High', 'High', 'High']);
    expect(ladder('PHONE_NUMBER')).toEqual(['Low', 'Medium', 'Medium', 'High']);
    expect(ladder('LATITUDE_LONGITUDE')).toEqual(['Low', 'Medium', 'Medium', 'Medium']);
    expect(ladder('VEHICLE_IDENTIFICATION_NUMBER')).toEqual(['Low', 'Low', 'Low', 'Medium']);
    expect(ladder('MEXICO_ORGANIZATION_RFC_NUMBER')).toEqual(['Medium', 'Medium', 'Medium', 'High']);
    expect(ladder('ARGENTINA_TARJETA_SUBE')).toEqual(['Medium', 'Medium', 'Medium', 'High']);
    expect(ladder('USA_SOCIAL_SECURITY_NUMBER')).toEqual(['High', 'High', 'High', 'High']);
    expect(ladder('MEDICAL_DEVICE_UDI')).toEqual(['Low', 'Medium', 'Medium', 'High']);
  });
  it('takes the highest over all detected types, custom identifiers included', () => {
    expect(sensitiveDataSeverity({ managed: [{ type: 'NAME', count: 1 }, { type: 'PHONE_NUMBER', count: 5 }] })).toEqual({ description: 'Medium', score: 2 });
    expect(sensitiveDataSeverity({ managed: [{ type: 'NAME', count: 1 }], custom: [{ count: 1 }] })).toEqual({ description: 'Medium', score: 2 });
    const levels = [
      { occurrencesThreshold: 1, severity: 'LOW' as const },
      { occurrencesThreshold: 50, severity: 'MEDIUM' as const },
      { occurrencesThreshold: 100, severity: 'HIGH' as const },
    ];
    expect(sensitiveDataSeverity({ custom: [{ count: 49, severityLevels: levels }] })!.description).toBe('Low');
    expect(sensitiveDataSeverity({ custom: [{ count: 100, severityLevels: levels }] })!.description).toBe('High');
    expect(sensitiveDataSeverity({ custom: [{ count: 4, severityLevels: [{ occurrencesThreshold: 5, severity: 'HIGH' }] }] })).toBeUndefined();
    expect(sensitiveDataSeverity({})).toBeUndefined();
  });
});

describe('policy severity (E.3) and types (E.1)', () => {
  it('is fixed per type', () => {
    expect(policySeverity('Policy:IAMUser/S3BucketEncryptionDisabled')).toEqual({ description: 'Low', score: 1 });
    expect(policySeverity('Policy:IAMUser/S3BucketSharedWithCloudFront')).toEqual({ description: 'Medium', score: 2 });
    expect(policySeverity('Policy:IAMUser/S3BlockPublicAccessDisabled')).toEqual({ description: 'High', score: 3 });
    expect(() => policySeverity('SensitiveData:S3Object/Personal')).toThrow();
  });
  it('names one category by its own type and several as Multiple', () => {
    expect(sensitiveDataFindingType(['CREDENTIALS'])).toBe('SensitiveData:S3Object/Credentials');
    expect(sensitiveDataFindingType(['CUSTOM_IDENTIFIER', 'CUSTOM_IDENTIFIER'])).toBe('SensitiveData:S3Object/CustomIdentifier');
    expect(sensitiveDataFindingType(['PERSONAL_INFORMATION', 'CUSTOM_IDENTIFIER'])).toBe('SensitiveData:S3Object/Multiple');
    expect(sensitiveDataFindingType([])).toBeUndefined();
  });
});
