import { describe, expect, it } from 'vitest';
import { credentialReportCsv, REPORT_COLUMNS } from './report-csv.js';

describe('credentialReportCsv', () => {
  it('writes AWS\'s columns, N/A for what does not apply and the password rotation from MaxPasswordAge', () => {
    const t = new Date('2026-03-01T10:20:30.456Z');
    const csv = credentialReportCsv(
      [
        { user: '<root_account>', arn: 'arn:aws:iam::111122223333:root', createdAt: t, root: true, mfaActive: false, keys: [], certificates: [] },
        {
          user: 'alice',
          arn: 'arn:aws:iam::111122223333:user/alice',
          createdAt: t,
          root: false,
          password: { changedAt: t },
          mfaActive: true,
          keys: [{ active: true, createdAt: t, lastUsed: { at: t, service: 's3', region: 'eu-west-1' } }, { active: false, createdAt: t }],
          certificates: [{ active: true, uploadedAt: t }],
        },
      ],
      90,
    );
    const [header, root, alice] = csv.split('\n');
    expect(header).toBe(REPORT_COLUMNS.join(','));
    expect(header).toBe(
      'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated',
    );
    expect(root).toBe('<root_account>,arn:aws:iam::111122223333:root,2026-03-01T10:20:30+00:00,not_supported,no_information,not_supported,not_supported,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A');
    expect(alice!.split(',')).toEqual([
      'alice', 'arn:aws:iam::111122223333:user/alice', '2026-03-01T10:20:30+00:00', 'true', 'no_information', '2026-03-01T10:20:30+00:00', '2026-05-30T10:20:30+00:00', 'true',
      'true', '2026-03-01T10:20:30+00:00', '2026-03-01T10:20:30+00:00', 'eu-west-1', 's3',
      'false', '2026-03-01T10:20:30+00:00', 'N/A', 'N/A', 'N/A',
      'true', '2026-03-01T10:20:30+00:00', 'false', 'N/A',
    ]);
  });
});
