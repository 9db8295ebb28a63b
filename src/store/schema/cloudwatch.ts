// Tables owned by the cloudwatch part. Add table interfaces here and list them in CloudwatchTables.
export interface CloudwatchTables {}
