import { createTestDatabase } from '../src/store/test-databases.js';
import { benchGateway, printGateway } from './gateway.js';
const db = await createTestDatabase('sift_bench');
try { printGateway(await benchGateway(5000, 32, db.url)); } finally { await db.drop(); }
