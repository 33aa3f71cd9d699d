/** Every workload of the suite, in run order. */
import type { Workload } from '../lib/context.js';
import { branchCreationWorkload } from './branch-creation.js';
import { bulkLoadWorkload } from './bulk-load.js';
import { diskFootprintWorkload } from './disk-footprint.js';
import { durableInsertWorkload } from './durable-insert.js';
import { engineWritesWorkload } from './engine-writes.js';
import { mongoBackendWorkload } from './mongo-backend.js';
import { oldLsnReadsWorkload } from './old-lsn-reads.js';
import { rangeQueryWorkload } from './range-query.js';
import { recoveryWorkload } from './recovery.js';
import { storageMicroWorkload } from './storage-micro.js';
import { wireWorkload } from './wire.js';
import { ycsbWorkload } from './ycsb.js';

export const WORKLOADS: readonly Workload[] = [
  ycsbWorkload,
  durableInsertWorkload,
  bulkLoadWorkload,
  rangeQueryWorkload,
  diskFootprintWorkload,
  branchCreationWorkload,
  oldLsnReadsWorkload,
  recoveryWorkload,
  wireWorkload,
  mongoBackendWorkload,
  engineWritesWorkload,
  storageMicroWorkload,
];
