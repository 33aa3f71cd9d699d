import { describe, it } from 'vitest';
import { runPipeline } from '../../../src/aggregate/index.js';
import { expectCode } from '../../expression/support.js';

describe('unsupported stages', () => {
  for (const stage of ['$setWindowFields', '$densify', '$fill', '$geoNear', '$currentOp']) {
    it(stage, () => expectCode(() => runPipeline([], [{ [stage]: {} }]), 20, `${stage} is not supported by Argon`));
  }
});

describe('stages the aggregate command runs first', () => {
  // The command layer answers them as the first stage; the pipeline sees them only elsewhere.
  for (const stage of ['$collStats', '$indexStats', '$listLocalSessions']) {
    it(stage, () => expectCode(() => runPipeline([], [{ $match: {} }, { [stage]: {} }]), 40602, `${stage} is only valid as the first stage in a pipeline`));
  }
});
