import { describe, it } from 'vitest';
import { runPipeline } from '../../../src/aggregate/index.js';
import type { Document } from '../../../src/values/index.js';
import { d, expectBson, expectCode, i, l } from '../../expression/support.js';

const docs: Document[] = [1, 2, 3, 4, 5].map((n) => ({ _id: i(n) }));
const ids = (out: Document[]): unknown[] => out.map((x) => x._id);

describe('$skip and $limit', () => {
  const cases: [string, Document[], unknown[]][] = [
    ['$skip', [{ $skip: 2 }], [i(3), i(4), i(5)]],
    ['$skip 0', [{ $skip: 0 }], [i(1), i(2), i(3), i(4), i(5)]],
    ['$skip past the end', [{ $skip: 10 }], []],
    ['$skip long', [{ $skip: l(4) }], [i(5)]],
    ['$limit', [{ $limit: 2 }], [i(1), i(2)]],
    ['$limit larger than input', [{ $limit: 10 }], [i(1), i(2), i(3), i(4), i(5)]],
    ['$limit integral double', [{ $limit: d(1) }], [i(1)]],
    ['$skip then $limit', [{ $skip: 1 }, { $limit: 2 }], [i(2), i(3)]],
    ['$limit then $skip', [{ $limit: 2 }, { $skip: 1 }], [i(2)]],
  ];
  for (const [name, pipeline, expected] of cases) it(name, () => expectBson(ids(runPipeline(docs, pipeline)), expected));
  const errors: [string, Document, number][] = [
    ['$limit 0', { $limit: 0 }, 15958],
    ['$limit negative', { $limit: -1 }, 5107201],
    ['$limit fractional', { $limit: 1.5 }, 5107201],
    ['$limit string', { $limit: '1' }, 5107201],
    ['$skip negative', { $skip: -1 }, 5107200],
    ['$skip fractional', { $skip: 0.5 }, 5107200],
  ];
  for (const [name, stage, code] of errors) it(name, () => expectCode(() => runPipeline(docs, [stage]), code));
});
