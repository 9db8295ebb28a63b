// The CloudWatch Logs event store: durable per-group segment files with GetLogEvents / FilterLogEvents reads and
// retention, independent of HTTP and of the model types.
export {
  LogEventStore,
  MAX_EVENTS_PER_PAGE,
  MAX_PAGE_BYTES,
  type GetEventsInput,
  type GetEventsOutput,
  type FilterEventsInput,
  type FilterEventsOutput,
  type FilteredEvent,
  type OutputEvent,
  type GroupInfo,
  type ScannedEvent,
} from './store.js';
export { defaultEngineOptions, type EngineOptions, type InputEvent, type StreamInfo } from './group.js';
export { LogEngineError, type LogEngineErrorCode } from './errors.js';
export { EVENT_OVERHEAD_BYTES, RECORD_HEADER_BYTES } from './record.js';
