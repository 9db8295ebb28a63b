export { createAccountRegistration, createAccountProvider, OPT_IN_REGIONS } from "./provider.js";
