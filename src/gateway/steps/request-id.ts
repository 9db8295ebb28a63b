// Each request gets an id that appears in its response headers, its errors and its audit record.
import type { IdSource } from '../../common/index.js';

export const newRequestId = (ids: IdSource) => ids.uuid();
