// Tables owned by the macie part. Add table interfaces here and list them in MacieTables.
export interface MacieTables {}
