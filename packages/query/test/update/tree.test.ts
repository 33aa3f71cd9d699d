import { runUpdateCases } from './helpers.js';

runUpdateCases('update documents: conflicting paths', [
  {
    name: 'a path and its child',
    doc: { _id: 1 },
    update: { $set: { a: 1, 'a.b': 2 } },
    code: 40,
    message: "Updating the path 'a.b' would create a conflict at 'a'",
  },
  {
    name: 'a child and then its parent',
    doc: { _id: 1 },
    update: { $set: { 'a.b': 1, a: 2 } },
    code: 40,
    message: "Updating the path 'a' would create a conflict at 'a'",
  },
  {
    name: 'the same path in two operators',
    doc: { _id: 1 },
    update: { $set: { a: 1 }, $inc: { a: 1 } },
    code: 40,
    message: "Updating the path 'a' would create a conflict at 'a'",
  },
  {
    name: 'a deep path under another operator’s path',
    doc: { _id: 1 },
    update: { $set: { 'a.b': 1 }, $unset: { 'a.b.c.d': 1 } },
    code: 40,
    message: "Updating the path 'a.b.c.d' would create a conflict at 'a.b'",
  },
  {
    name: 'siblings do not conflict',
    doc: { _id: 1 },
    update: { $set: { 'a.b': 1 }, $inc: { 'a.c': 1 } },
    expected: { _id: 1, a: { b: 1, c: 1 } },
  },
  {
    name: 'a common name prefix is not a path prefix',
    doc: { _id: 1 },
    update: { $set: { ab: 1, a: 2 } },
    expected: { _id: 1, a: 2, ab: 1 },
  },
  {
    name: 'different array indexes do not conflict',
    doc: { _id: 1, a: [0, 0] },
    update: { $set: { 'a.0': 1 }, $inc: { 'a.1': 5 } },
    expected: { _id: 1, a: [1, 5] },
  },
]);

runUpdateCases('update documents: application order', [
  {
    name: 'fields from different operators are merged in one order',
    doc: { _id: 1 },
    update: { $set: { b: 1 }, $inc: { a: 1 }, $push: { c: 1 } },
    expected: { _id: 1, a: 1, b: 1, c: [1] },
  },
  {
    name: 'nested new fields are ordered too',
    doc: { _id: 1 },
    update: { $set: { 'x.z': 1, y: 1, 'x.a': 1 } },
    expected: { _id: 1, x: { a: 1, z: 1 }, y: 1 },
  },
  {
    name: 'existing fields keep their place while new ones are appended',
    doc: { _id: 1, z: 0, a: 0 },
    update: { $set: { z: 1, b: 1, a: 1 } },
    expected: { _id: 1, z: 1, a: 1, b: 1 },
  },
  {
    name: 'array slots filled in index order',
    doc: { _id: 1, a: [] },
    update: { $set: { 'a.10': 'x', 'a.2': 'y' } },
    expected: { _id: 1, a: [null, null, 'y', null, null, null, null, null, null, null, 'x'] },
  },
]);
