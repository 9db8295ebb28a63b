// The Service Authorization Reference as data (reference.ts, generated) and how a request's input fills it in.
export { deriveAuthorization, MAX_RESOURCES_PER_REQUEST, type DeriveContext, type DerivedAuthorization } from './derive.js';
export { reference } from './reference.js';
export type { AuthorizationReference, ReferenceAction, ReferenceService } from './types.js';
export { passedRoles } from './pass-role.js';
