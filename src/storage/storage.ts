// The storage part's entry point: the embedded store (which the S3 provider serves) and, per account, the reader
// the scanner uses: the account's bound external endpoint if it has one (configuration first, then `sift storage
// bind`), else the embedded store.
import type { Clock, IdSource, MasterKey } from '../common/index.js';
import type { Store } from '../store/index.js';
import { StorageBindings } from './bindings.js';
import { EmbeddedStore } from './embedded.js';
import { embeddedStorage } from './embedded-reader.js';
import { externalStorage, type ExternalEndpoint } from './external.js';
import type { ObjectStorage } from './types.js';
import type { ObjectKms } from './sse-kms.js';

export interface StorageDeps {
  store: Store;
  clock: Clock;
  ids: IdSource;
  dataDir: string;
  /** Object data keys and stored endpoint secrets are protected by keys derived from it. */
  masterKey: MasterKey;
  /** Internal, for the benchmark only: write objects in clear. */
  encryptAtRest?: boolean;
  /** Bindings from configuration (`storage.bindings` / SIFT_STORAGE_*), which win over stored ones. */
  configuredBindings?: Record<string, ExternalEndpoint>;
  minPartSize?: number;
  maxPutBytes?: number;
}

export interface Storage {
  embedded: EmbeddedStore;
  bindings: StorageBindings;
  /** The reader for an account's buckets. */
  forAccount(accountId: string): Promise<ObjectStorage>;
  /** Lets readers open SSE-KMS objects (the KMS service is built after storage). */
  useKms(kms: ObjectKms): void;
}

export async function createStorage(deps: StorageDeps): Promise<Storage> {
  const embedded = new EmbeddedStore({ db: deps.store.db, clock: deps.clock, ids: deps.ids, dataDir: deps.dataDir, masterKey: deps.masterKey, encryptAtRest: deps.encryptAtRest, minPartSize: deps.minPartSize, maxPutBytes: deps.maxPutBytes });
  await embedded.open();
  const bindings = StorageBindings.withMasterKey(deps.store.db, deps.clock, deps.masterKey);
  await bindings.sealStoredSecrets();
  let objectKms: ObjectKms | undefined;
  return {
    embedded,
    bindings,
    async forAccount(accountId) {
      const ep = deps.configuredBindings?.[accountId] ?? (await bindings.get(accountId));
      return ep ? externalStorage(ep) : embeddedStorage(embedded, accountId, () => objectKms);
    },
    useKms(kms) {
      objectKms = kms;
    },
  };
}
