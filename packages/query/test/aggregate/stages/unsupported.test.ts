import { describe, it } from 'vitest';
import { runPipeline } from '../../../src/aggregate/index.js';
import { expectCode } from '../../expression/support.js';

describe('unsupported stages', () => {
  for (const stage of ['$setWindowFields', '$densify', '$fill', '$geoNear', '$collStats', '$currentOp']) {
    it(stage, () => expectCode(() => runPipeline([], [{ [stage]: {} }]), 20, `${stage} is not supported by Argon`));
  }
});
