import { describe, it } from 'vitest';
import { runPipeline } from '../../../src/aggregate/index.js';
import type { Document } from '../../../src/values/index.js';
import { expectBson, expectCode, i } from '../../expression/support.js';

describe('$redact', () => {
  const doc: Document = {
    _id: i(1),
    level: 'public',
    a: { level: 'secret', x: i(1) },
    b: [{ level: 'public', y: i(2) }, { level: 'secret' }, i(3)],
  };
  const pipeline = [{ $redact: { $cond: [{ $eq: ['$level', 'secret'] }, '$$PRUNE', '$$DESCEND'] } }];
  it('prunes sub-documents and array elements', () => {
    expectBson(runPipeline([doc], pipeline), [{ _id: i(1), level: 'public', b: [{ level: 'public', y: i(2) }, i(3)] }]);
  });
  it('$$KEEP keeps everything', () => expectBson(runPipeline([doc], [{ $redact: '$$KEEP' }]), [doc]));
  it('$$PRUNE at the top drops the document', () => expectBson(runPipeline([doc], [{ $redact: '$$PRUNE' }]), []));
  it('other values fail', () => expectCode(() => runPipeline([doc], [{ $redact: 'x' }]), 17053));
});

