// AWS-shaped identifiers: 20-character key ids with their type prefix, 40-character secrets.
import { SECRET_ALPHABET, type IdSource } from '../common/index.js';

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export const newAccessKeyId = (ids: IdSource) => 'AKIA' + ids.chars(16, KEY_ALPHABET);
export const newTemporaryKeyId = (ids: IdSource) => 'ASIA' + ids.chars(16, KEY_ALPHABET);
export const newUserId = (ids: IdSource) => 'AIDA' + ids.chars(17, KEY_ALPHABET);
export const newGroupId = (ids: IdSource) => 'AGPA' + ids.chars(17, KEY_ALPHABET);
export const newRoleId = (ids: IdSource) => 'AROA' + ids.chars(17, KEY_ALPHABET);
export const newInstanceProfileId = (ids: IdSource) => 'AIPA' + ids.chars(17, KEY_ALPHABET);
export const newSecretKey = (ids: IdSource) => ids.chars(40, SECRET_ALPHABET);
export const newSessionToken = (ids: IdSource) => 'IQoJb3JpZ2luX2Vj' + ids.chars(340, SECRET_ALPHABET);
export const newAccountId = (ids: IdSource) => ids.chars(12, '0123456789').replace(/^0/, '1');
export const newSshPublicKeyId = (ids: IdSource) => 'APKA' + ids.chars(16, KEY_ALPHABET);
/** Signing certificate ids are 28 upper-case characters in IAM's examples. */
export const newSigningCertificateId = (ids: IdSource) => ids.chars(28, KEY_ALPHABET);
export const newServerCertificateId = (ids: IdSource) => 'ASCA' + ids.chars(17, KEY_ALPHABET);
