export { createOrganizationsRegistration, createOrganizationsProvider, DEFAULT_ACCESS_ROLE } from "./provider.js";
