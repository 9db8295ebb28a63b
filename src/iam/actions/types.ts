// The shape of the Service Authorization Reference data (reference.ts, generated).
export interface ReferenceAction {
  /** Resource types the action is authorized against; `required` ones must be named (else `*`). */
  resources: { type: string; required: boolean; conditionKeys?: string[] }[];
  conditionKeys?: string[];
}
export interface ReferenceService {
  actions: Record<string, ReferenceAction>;
  /** Resource type → ARN template with `${Partition}`, `${Region}`, `${Account}` and type-specific variables. */
  resourceTypes: Record<string, string>;
  /** Condition key → its type (String, ArrayOfString, Bool, Numeric, Date, ARN …). */
  conditionKeys: Record<string, string>;
}
export interface AuthorizationReference {
  source: string;
  services: Record<string, ReferenceService>;
}
