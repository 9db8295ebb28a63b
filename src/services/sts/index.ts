export { createStsRegistration, createStsProvider } from "./provider.js";
