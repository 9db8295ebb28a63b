import { openStore } from './dialects.js';
import { describeStoreContract } from './store.contract.js';

describeStoreContract('sqlite', () => openStore(':memory:'));
