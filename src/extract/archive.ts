/** What a container reader (gzip, zip, tar) hands the dispatcher for each member, in stream order. */
import type { ClassificationReason } from './types.js';

export interface ArchiveMember {
  /** Path inside the container ("dir/file.csv"; for gzip the original name or the object name without .gz). */
  name: string;
  /** Uncompressed size when the container says it. */
  size?: number;
  lastModified?: Date;
  /** Set when the member cannot be read at all (encrypted, unknown compression): it is skipped with this reason. */
  unreadable?: { reason: ClassificationReason; message: string };
  /**
   * The member's bytes. The consumer may stop early; the container skips what is left before the next member.
   * Only one member's content is live at a time.
   */
  content: AsyncIterable<Uint8Array>;
}
