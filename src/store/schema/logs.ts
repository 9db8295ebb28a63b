// Tables owned by the logs part. Add table interfaces here and list them in LogsTables.
export interface LogsTables {}
