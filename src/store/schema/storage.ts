// Tables owned by the storage part. Add table interfaces here and list them in StorageTables.
export interface StorageTables {}
