import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers.js';
import { registerPerson, type Registered } from '../auth/test-kit.js';

let t: TestApp;
let alice: Registered;
let bob: Registered;

/** The smallest thing the upload check accepts: a PNG signature plus a few bytes. */
const png = (n: number) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(`file-${n}-${Math.random()}`)]);
const TWO_DAYS_AGO = () => new Date(Date.now() - 2 * 86_400_000).toISOString();

async function upload(userId: number, old = true): Promise<string> {
  const f = await t.app.files.save(userId, png(userId));
  if (old) await t.app.ctx.db.updateTable('files').set({ created_at: TWO_DAYS_AGO() }).where('id', '=', f.id).execute();
  return f.id;
}
const stored = (id: string) => existsSync(join(t.config.dataDir, 'files', id.slice(0, 2), `${id}.bin`));
const row = (id: string) => t.app.ctx.db.selectFrom('files').select('id').where('id', '=', id).executeTakeFirst();

beforeAll(async () => {
  t = await createTestApp();
  alice = await registerPerson(t.app, { name: '艾丽' });
  bob = await registerPerson(t.app, { name: '鲍勃' });
});
afterAll(async () => {
  await t.close();
});

describe('file owner links and the orphan sweep', () => {
  it('a linked old file survives the sweep; an unlinked old one is deleted (row and bytes); a new one is kept', async () => {
    const linked = await upload(alice.userId);
    const orphan = await upload(alice.userId);
    const fresh = await upload(alice.userId, false);
    await t.app.fileLinks.link(alice.userId, [linked], 'case', 42);
    expect(await t.app.fileLinks.linked('case', 42)).toEqual([linked]);
    expect(stored(orphan)).toBe(true);

    await t.app.files.sweepOrphans();
    expect(await row(linked)).toBeDefined();
    expect(stored(linked)).toBe(true);
    expect(await row(orphan)).toBeUndefined();
    expect(stored(orphan)).toBe(false);
    expect(await row(fresh)).toBeDefined();

    // Once the case lets go of it, the next sweep takes it.
    await t.app.fileLinks.unlink('case', 42);
    expect(await t.app.fileLinks.linked('case', 42)).toEqual([]);
    await t.app.files.sweepOrphans();
    expect(await row(linked)).toBeUndefined();
    expect(stored(linked)).toBe(false);
  });

  it("linking someone else's file (or an unknown id) is refused with 400 and links nothing", async () => {
    const mine = await upload(alice.userId);
    const theirs = await upload(bob.userId);
    const err = await t.app.fileLinks.link(alice.userId, [mine, theirs], 'case', 7).catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 400, code: 'FILE_NOT_OWNED' });
    expect((err as Error).message).toMatch(/[\u4e00-\u9fff]/);
    await expect(t.app.fileLinks.link(alice.userId, ['not-a-real-file-id'], 'case', 7)).rejects.toMatchObject({ statusCode: 400 });
    expect(await t.app.fileLinks.linked('case', 7)).toEqual([]);
    // The system (no user) may link any stored file, e.g. an issued document's PDF.
    await t.app.fileLinks.link(null, [theirs], 'document', 'doc-1');
    expect(await t.app.fileLinks.linked('document', 'doc-1')).toEqual([theirs]);
    await t.app.files.sweepOrphans();
    expect(await row(theirs)).toBeDefined();
    expect(await row(mine)).toBeUndefined();
  });

  it('linking twice is harmless; replace keeps exactly the named files', async () => {
    const a = await upload(alice.userId);
    const b = await upload(alice.userId);
    await t.app.fileLinks.link(alice.userId, [a, a], 'application', 5);
    await t.app.fileLinks.link(alice.userId, [a, b], 'application', 5);
    expect((await t.app.fileLinks.linked('application', 5)).sort()).toEqual([a, b].sort());
    await t.app.fileLinks.replace(alice.userId, [b], 'application', 5);
    expect(await t.app.fileLinks.linked('application', 5)).toEqual([b]);
    await t.app.files.sweepOrphans();
    expect(await row(a)).toBeUndefined();
    expect(await row(b)).toBeDefined();
  });
});
