export * from './providers.js';
export * from './web-identity.js';
export * from './jwks.js';
export * from './saml.js';
export { parseSamlMetadata, type SamlMetadata } from './saml-xml.js';
