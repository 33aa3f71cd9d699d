import { MemoryStore } from '../../src/index.js';
import { runStorageConformance } from './conformance.js';

runStorageConformance('MemoryStore', async () => ({ store: new MemoryStore(), cleanup: async () => {} }));
