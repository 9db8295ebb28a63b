// Errors that no service model declares but every AWS endpoint answers with: authentication failures, unknown
// operations, oversized or malformed requests, and the internal error. Messages follow AWS's wording.
import { ServiceError } from '../common/errors.js';

export const commonErrors = {
  unknownOperation: (detail: string) => new ServiceError('UnknownOperationException', `Unknown operation ${detail}`, 400),
  invalidAction: (action: string) =>
    new ServiceError('InvalidAction', `Could not find operation ${action} for version in the request`, 400),
  missingAction: () => new ServiceError('MissingAction', 'Missing Action', 400),
  notImplemented: (service: string, operation: string) =>
    new ServiceError('NotImplemented', `Sift does not implement ${service}:${operation} yet.`, 501, 'server'),
  bodyTooLarge: (limit: number) =>
    new ServiceError('RequestEntityTooLarge', `The request body is larger than the ${limit} bytes this API accepts.`, 413),
  internal: (requestId: string) =>
    new ServiceError('InternalFailure', `The request processing has failed because of an unknown error. Request id ${requestId}.`, 500, 'server'),
  unknownService: () =>
    new ServiceError('UnrecognizedClientException', 'The request is not signed for a service this endpoint serves.', 400),
  notFound: (path: string) => new ServiceError('NotFoundException', `No operation matches ${path}.`, 404),
};
