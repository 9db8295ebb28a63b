// KMS's errors with the wording KMS uses (the generated classes carry code and status).
import { ServiceError } from '../../common/index.js';
import { errors as E } from '../../models/kms/index.js';

export const kmsErrors = {
  keyNotFound: (arn: string) => new E.NotFoundException(`Key '${arn}' does not exist`),
  invalidKeyId: (id: string) => new E.NotFoundException(`Invalid keyId '${id}'`),
  aliasNotFound: (aliasArn: string) => new E.NotFoundException(`Alias ${aliasArn} is not found.`),
  aliasExists: (aliasArn: string) => new E.AlreadyExistsException(`An alias with the name ${aliasArn} already exists`),
  invalidAliasName: (message: string) => new E.InvalidAliasNameException(message),
  disabled: (arn: string) => new E.DisabledException(`${arn} is disabled.`),
  pendingDeletion: (arn: string) => new E.KMSInvalidStateException(`${arn} is pending deletion.`),
  notPendingDeletion: (arn: string) => new E.KMSInvalidStateException(`${arn} is not pending deletion`),
  invalidCiphertext: () => new E.InvalidCiphertextException(''),
  incorrectKey: () => new E.IncorrectKeyException('The key ID in the request does not identify a CMK that can perform this operation.'),
  accessDenied: (principalArn: string, action: string, resource: string) => new ServiceError('AccessDeniedException', `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource}`, 400),
  validation: (message: string) => new ServiceError('ValidationException', message, 400),
  unsupported: (message: string) => new E.UnsupportedOperationException(message),
  malformedPolicy: (message: string) => new E.MalformedPolicyDocumentException(message),
  tag: (message: string) => new E.TagException(message),
  invalidMarker: () => new E.InvalidMarkerException('Invalid marker'),
  invalidGrantToken: () => new E.InvalidGrantTokenException('Sift KMS has no grants: the grant token is not valid.'),
  policyNotFound: () => new E.NotFoundException('No such policy exists'),
  limitExceeded: () => new E.LimitExceededException('The key policy is larger than 32 KB.'),
  invalidKeyUsage: () => new E.InvalidKeyUsageException('Sift KMS keys support only the SYMMETRIC_DEFAULT encryption algorithm.'),
  notAuthorizedAwsAlias: () => new ServiceError('NotAuthorizedException', 'Cannot create or delete an alias that begins with alias/aws/: that prefix is reserved for AWS managed keys.', 400),
};
