/**
 * The managed data identifier catalog as data. `managedIdentifiers` is every entry; `listManagedDataIdentifiers`
 * gives Macie's `ManagedDataIdentifierSummary` items (ListManagedDataIdentifiers); `RECOMMENDED_IDS` is D.5's set.
 */
import type { IdentifierSpec, ManagedDataIdentifierSummary } from '../types.js';
import { credentials } from './credentials.js';
import { financial } from './financial.js';
import { phi } from './phi.js';
import { pii } from './pii.js';

export const managedIdentifiers: readonly IdentifierSpec[] = Object.freeze([...credentials, ...financial, ...phi, ...pii]);

/** D.5: the recommended set for jobs, identical to the default set for automated discovery. */
export const RECOMMENDED_IDS: readonly string[] = Object.freeze(
  managedIdentifiers.filter((m) => m.recommended).map((m) => m.id),
);

export function listManagedDataIdentifiers(): ManagedDataIdentifierSummary[] {
  return managedIdentifiers.map((m) => ({ id: m.id, category: m.category }));
}

export function getManagedIdentifier(id: string): IdentifierSpec | undefined {
  return managedIdentifiers.find((m) => m.id === id);
}
