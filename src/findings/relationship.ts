// Which Macie member relationships let an administrator see a member's findings. Lives here, not in the macie2
// members module, because the findings store filters on it and must not import upward.
import type { RelationshipStatus } from '../models/macie2/index.js';

/** Relationships in which the administrator sees the member's data: Macie's "current" members. */
export const ASSOCIATED: readonly RelationshipStatus[] = ['Enabled', 'Paused', 'RegionDisabled', 'AccountSuspended'];
