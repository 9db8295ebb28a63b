// Which objects Macie can analyse (reference F.1, F.2): the storage classes it reads and the file extensions of
// the formats it supports. Everything else is "unclassifiable" in BucketMetadata, by reason (storageClass, fileType).

import { CLASSIFIABLE_STORAGE_CLASSES } from '../../../jobs/index.js';

/** Storage classes Macie analyses (F.1): the jobs part's planner and the inventory count the same objects. */
export { CLASSIFIABLE_STORAGE_CLASSES };

/**
 * File extensions of the supported formats (F.2): big data, archives, documents, email, and non-binary text
 * (F.2 lists .htm, .html, .txt, .xml, .yaml, .yml "…"; the common plain-text extensions below stand for the "…").
 */
export const SUPPORTED_EXTENSIONS: ReadonlySet<string> = new Set([
  'avro', 'parquet', 'gz', 'gzip', 'tar', 'zip', 'pdf', 'xls', 'xlsx', 'doc', 'docx', 'eml', 'csv', 'tsv', 'json', 'jsonl',
  'htm', 'html', 'txt', 'xml', 'yaml', 'yml', 'log', 'md', 'text', 'ini', 'cfg', 'conf', 'properties', 'sql', 'js', 'ts', 'py', 'java', 'sh',
]);

/** Objects whose size counts toward `sizeInBytesCompressed` (B.5: .gz/.gzip/.zip). */
export const COMPRESSED_EXTENSIONS: ReadonlySet<string> = new Set(['gz', 'gzip', 'zip']);

/** The key's extension, lower case, without the dot ('' when it has none), as Macie's `s3Object.extension`. */
export function extensionOf(key: string): string {
  const name = key.slice(key.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

export type Classifiability = 'classifiable' | 'storageClass' | 'fileType';

/** Why an object is or isn't classifiable; an unsupported storage class wins over an unsupported type. */
export function classifiabilityOf(key: string, storageClass: string): Classifiability {
  if (!CLASSIFIABLE_STORAGE_CLASSES.has(storageClass)) return 'storageClass';
  return SUPPORTED_EXTENSIONS.has(extensionOf(key)) ? 'classifiable' : 'fileType';
}
