import { describe, expect, it } from 'vitest';
import type { CommandRunner, Doc } from '../../src/index.js';
import { openRunner, run, status } from '../support/engine-fixture.js';

function batch(reply: Doc): Doc[] {
  return JSON.parse(JSON.stringify((reply.cursor as { firstBatch: Doc[] }).firstBatch));
}

/** The first write error of a reply, or a rejection's code. */
async function failureCode(p: Promise<Doc>): Promise<number | undefined> {
  try {
    const reply = await p;
    return (reply.writeErrors as Doc[] | undefined)?.[0]?.code as number | undefined;
  } catch (e) {
    return (e as { code?: number }).code;
  }
}

async function seeded(): Promise<CommandRunner> {
  const r = await openRunner();
  await run(r, 'db', { insert: 'c', documents: [{ _id: 1, x: 'a' }, { _id: 2, x: 1 }] });
  return r;
}

describe('collMod: validation', () => {
  // [name, collMod options, write, expected failure code (undefined: accepted)]
  const rows: [string, Doc, Doc, number | undefined][] = [
    ['strict rejects an invalid insert', { validator: { x: { $type: 'string' } } }, { insert: 'c', documents: [{ _id: 3, x: 3 }] }, 121],
    ['strict accepts a valid insert', { validator: { x: { $type: 'string' } } }, { insert: 'c', documents: [{ _id: 3, x: 'z' }] }, undefined],
    ['strict rejects an update to an invalid document', { validator: { x: { $type: 'string' } } }, { update: 'c', updates: [{ q: { _id: 1 }, u: { $set: { x: 5 } } }] }, 121],
    ['moderate lets invalid documents be updated', { validator: { x: { $type: 'string' } }, validationLevel: 'moderate' }, { update: 'c', updates: [{ q: { _id: 2 }, u: { $set: { x: 7 } } }] }, undefined],
    ['moderate still checks valid documents', { validator: { x: { $type: 'string' } }, validationLevel: 'moderate' }, { update: 'c', updates: [{ q: { _id: 1 }, u: { $set: { x: 7 } } }] }, 121],
    ['warn accepts', { validator: { x: { $type: 'string' } }, validationAction: 'warn' }, { insert: 'c', documents: [{ _id: 3, x: 3 }] }, undefined],
    ['off accepts', { validator: { x: { $type: 'string' } }, validationLevel: 'off' }, { insert: 'c', documents: [{ _id: 3, x: 3 }] }, undefined],
    ['bypassDocumentValidation accepts', { validator: { x: { $type: 'string' } } }, { insert: 'c', documents: [{ _id: 3, x: 3 }], bypassDocumentValidation: true }, undefined],
    ['findAndModify is validated', { validator: { x: { $type: 'string' } } }, { findAndModify: 'c', query: { _id: 1 }, update: { $set: { x: 1 } } }, 121],
    ['upserts are validated', { validator: { x: { $type: 'string' } } }, { update: 'c', updates: [{ q: { _id: 9 }, u: { $set: { x: 1 } }, upsert: true }] }, 121],
  ];
  for (const [name, mod, write, code] of rows) {
    it(name, async () => {
      const r = await seeded();
      await run(r, 'db', { collMod: 'c', ...mod });
      expect(await failureCode(run(r, 'db', write))).toBe(code);
    });
  }

  it('reports errInfo with the failing _id', async () => {
    const r = await seeded();
    await run(r, 'db', { collMod: 'c', validator: { x: { $type: 'string' } } });
    const reply = await run(r, 'db', { insert: 'c', documents: [{ _id: 3, x: 3 }] });
    const err = (reply.writeErrors as Doc[])[0]!;
    expect(err).toMatchObject({ code: 121, codeName: 'DocumentValidationFailure', errmsg: 'Document failed validation' });
    expect(JSON.parse(JSON.stringify(err.errInfo)).failingDocumentId).toBe(3);
    const e = await run(r, 'db', { findAndModify: 'c', query: { _id: 1 }, update: { $set: { x: 1 } } }).catch((x: unknown) => x as Doc);
    expect(e).toMatchObject({ code: 121 });
    expect(JSON.parse(JSON.stringify((e as Doc).errInfo))).toMatchObject({ failingDocumentId: 1, details: { operatorName: '$and' } });
  });

  it('options are branch history: listCollections shows them, time travel does not', async () => {
    const r = await seeded();
    const before = await status(r, 'db');
    await run(r, 'db', { collMod: 'c', validator: { x: { $type: 'string' } }, validationLevel: 'moderate' });
    expect(batch(await run(r, 'db', { listCollections: 1 }))[0]!.options).toEqual({ validator: { x: { $type: 'string' } }, validationLevel: 'moderate' });
    expect(batch(await run(r, 'db', { listCollections: 1 }))[0]!.options).toEqual({ validator: { x: { $type: 'string' } }, validationLevel: 'moderate' });
    expect(batch(await run(r, `db@main@${before.headLsn}`, { listCollections: 1 }))[0]!.options).toEqual({});
  });

  it('create accepts validation options', async () => {
    const r = await openRunner();
    await run(r, 'db', { create: 'v', validator: { n: { $gte: 0 } } });
    expect(await failureCode(run(r, 'db', { insert: 'v', documents: [{ n: -1 }] }))).toBe(121);
  });

  // [collMod command, expected code]
  const errors: [Doc, number][] = [
    [{ collMod: 'nope', validator: {} }, 26],
    [{ collMod: 'c', bogus: 1 }, 40415],
    [{ collMod: 'c', validationLevel: 'sometimes' }, 2],
    [{ collMod: 'c', validationAction: 'shout' }, 2],
    [{ collMod: 'c', validator: { $jsonSchema: {} } }, 2],
    [{ collMod: 'c', viewOn: 'x', pipeline: [] }, 72],
    [{ collMod: 'c', cappedSize: 1000 }, 72],
  ];
  for (const [cmd, code] of errors) {
    it(`${JSON.stringify(cmd)} → ${code}`, async () => expect(await failureCode(run(await seeded(), 'db', cmd))).toBe(code));
  }
});

describe('collMod: index options', () => {
  async function indexed(): Promise<CommandRunner> {
    const r = await openRunner();
    await run(r, 'db', { insert: 'c', documents: [{ _id: 1, x: 1 }, { _id: 2, x: 1 }, { _id: 3, x: 2 }] });
    await run(r, 'db', { createIndexes: 'c', indexes: [{ key: { x: 1 }, name: 'x_1' }, { key: { t: 1 }, name: 't_1', expireAfterSeconds: 60 }] });
    return r;
  }
  const spec = async (r: CommandRunner, name: string) => batch(await run(r, 'db', { listIndexes: 'c' })).find((i) => i.name === name)!;

  it('hides and unhides an index', async () => {
    const r = await indexed();
    expect(await run(r, 'db', { collMod: 'c', index: { name: 'x_1', hidden: true } })).toMatchObject({ hidden_old: false, hidden_new: true });
    expect((await spec(r, 'x_1')).hidden).toBe(true);
    expect((await run(r, 'db', { count: 'c', query: { x: 1 } })).n).toBe(2);
    await run(r, 'db', { collMod: 'c', index: { keyPattern: { x: 1 }, hidden: false } });
    expect((await spec(r, 'x_1')).hidden).toBeUndefined();
  });

  it('changes expireAfterSeconds', async () => {
    const r = await indexed();
    expect(await run(r, 'db', { collMod: 'c', index: { name: 't_1', expireAfterSeconds: 120 } })).toMatchObject({ expireAfterSeconds_old: 60, expireAfterSeconds_new: 120 });
    expect((await spec(r, 't_1')).expireAfterSeconds).toBe(120);
  });

  it('prepareUnique refuses new duplicates; unique conversion lists the violations', async () => {
    const r = await indexed();
    await run(r, 'db', { collMod: 'c', index: { keyPattern: { x: 1 }, prepareUnique: true } });
    expect(await failureCode(run(r, 'db', { insert: 'c', documents: [{ _id: 4, x: 2 }] }))).toBe(11000);
    const e = await run(r, 'db', { collMod: 'c', index: { keyPattern: { x: 1 }, unique: true } }).catch((x: unknown) => x as Doc);
    expect(e).toMatchObject({ code: 359, codeName: 'CannotConvertIndexToUnique' });
    expect(JSON.parse(JSON.stringify((e as Doc).violations))).toEqual([{ ids: [1, 2] }]);
    await run(r, 'db', { delete: 'c', deletes: [{ q: { _id: 2 }, limit: 1 }] });
    expect(await run(r, 'db', { collMod: 'c', index: { keyPattern: { x: 1 }, unique: true } })).toMatchObject({ unique_new: true });
    expect(await spec(r, 'x_1')).toMatchObject({ unique: true });
    expect((await spec(r, 'x_1')).prepareUnique).toBeUndefined();
  });

  // [index argument, expected code]
  const errors: [Doc, number][] = [
    [{ name: 'nope', hidden: true }, 27],
    [{ name: 'x_1' }, 72],
    [{ name: 'x_1', keyPattern: { x: 1 }, hidden: true }, 72],
    [{ hidden: true }, 72],
    [{ name: '_id_', hidden: true }, 2],
    [{ name: 'x_1', unique: true }, 72],
    [{ name: 'x_1', unique: false }, 2],
    [{ name: 'x_1', expireAfterSeconds: 5 }, 72],
    [{ name: 'x_1', colour: 1 }, 40415],
  ];
  for (const [index, code] of errors) {
    it(`${JSON.stringify(index)} → ${code}`, async () => expect(await failureCode(run(await indexed(), 'db', { collMod: 'c', index }))).toBe(code));
  }
});
