/** Every pipeline stage, by name. */
import type { StageParser } from '../types.js';
import { bucketAutoStage, bucketStage } from './bucket.js';
import { countStage } from './count.js';
import { documentsStage } from './documents.js';
import { facetStage } from './facet.js';
import { graphLookupStage } from './graph-lookup.js';
import { lookupStage } from './lookup.js';
import { matchStage } from './match.js';
import { redactStage } from './redact.js';
import { sampleStage } from './sample.js';
import { sortByCountStage } from './sort-by-count.js';
import { sortStage } from './sort.js';
import { unionWithStage } from './union-with.js';
import { groupStage } from './group.js';
import { limitStage, skipStage } from './paging.js';
import { addFieldsStage, projectStage, unsetStage } from './project.js';
import { replaceRootStage, replaceWithStage } from './replace-root.js';
import { unwindStage } from './unwind.js';
import { firstStageOnly, unavailableStage, writeStage } from './unsupported.js';

/** The stage table consulted by the pipeline compiler. */
export const STAGES: Readonly<Record<string, StageParser>> = Object.freeze({
  $match: matchStage,
  $sort: sortStage,
  $addFields: addFieldsStage,
  $set: addFieldsStage,
  $project: projectStage,
  $unset: unsetStage,
  $group: groupStage,
  $skip: skipStage,
  $limit: limitStage,
  $count: countStage,
  $unwind: unwindStage,
  $replaceRoot: replaceRootStage,
  $replaceWith: replaceWithStage,
  $lookup: lookupStage,
  $graphLookup: graphLookupStage,
  $unionWith: unionWithStage,
  $facet: facetStage,
  $sortByCount: sortByCountStage,
  $bucket: bucketStage,
  $bucketAuto: bucketAutoStage,
  $sample: sampleStage,
  $documents: documentsStage,
  $redact: redactStage,
  $out: writeStage,
  $merge: writeStage,
  $geoNear: unavailableStage,
  $collStats: firstStageOnly,
  $indexStats: firstStageOnly,
  $currentOp: unavailableStage,
  $listSessions: unavailableStage,
  $listLocalSessions: firstStageOnly,
  $planCacheStats: unavailableStage,
  $search: unavailableStage,
  $searchMeta: unavailableStage,
  $vectorSearch: unavailableStage,
  $changeStream: unavailableStage,
  $setWindowFields: unavailableStage,
  $densify: unavailableStage,
  $fill: unavailableStage,
});
