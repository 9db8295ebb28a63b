export { planSelect, runSelect, type SelectEvent, type SelectPlan } from './run.js';
export { parseSelect, MAX_EXPRESSION_BYTES } from './parser.js';
export { MAX_RECORD_BYTES } from './records.js';
