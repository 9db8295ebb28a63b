export { createWebsiteOperations } from './operations.js';
export { createWebsiteServer, errorPage, anonymousMay, type WebsiteRequest, type WebsiteResponse, type WebsiteServer } from './serve.js';
export { validateWebsiteConfiguration, matchRoutingRule, redirectOf, MAX_ROUTING_RULES } from './config.js';
