export { createS3Registration, createS3Provider, type S3Provider, type S3ProviderDeps } from './provider.js';
export { actionOf as s3ActionOf, resourceOf as s3ResourceOf, isDataEvent as s3IsDataEvent } from './actions.js';
