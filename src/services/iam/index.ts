export { createIamRegistration, createIamProvider } from "./provider.js";
