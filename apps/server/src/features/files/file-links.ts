/**
 * Which files are in use (issue 10): a case, an installation (在线报装), a document … names the
 * uploads it uses in `file_links`, and the orphan sweep deletes only uploads nothing links to.
 * Uploads hold personal data (ID card images), so one that nothing uses is not kept longer than a
 * day, and one that something uses is never deleted under it.
 *
 * Linking checks ownership: a citizen may link only their own uploads (an id guessed or copied
 * from someone else's case is refused); the system (userId null) links what it stored itself,
 * such as an issued document's PDF.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../infra/errors.js';
import type { AppContext } from '../../infra/context.js';
import { isDuplicateKey } from '../../infra/duplicate-key.js';
import { nowIso } from '../../infra/time.js';
import { FileLinksRepository } from './file-links.repository.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Owner links of uploaded files: what links a file keeps it from the orphan sweep. */
    fileLinks: FileLinks;
  }
}

export const FILE_NOT_OWNED = 'FILE_NOT_OWNED';
/** Upload ids are UUIDs (files.service.ts); system-stored files may use other ids up to 40 characters. */
const FILE_ID = /^[A-Za-z0-9_-]{8,40}$/;

export class FileLinks {
  constructor(private readonly ctx: AppContext) {}

  private get repo(): FileLinksRepository {
    return new FileLinksRepository(this.ctx.db);
  }

  /**
   * Links the files to the owner (already linked ones are left as they are). With a user, every
   * file must be one of that user's uploads, else 400 and nothing is linked.
   */
  /**
   * Links files to an owner created in the caller's transaction (a new case), so the owner and its
   * links commit together. The caller has checked the files (their owner, their type) already.
   */
  async linkNew(db: Kysely<DB> | Transaction<DB>, fileIds: string[], ownerType: string, ownerId: string | number): Promise<void> {
    const ids = [...new Set(fileIds)];
    if (!ids.length) return;
    const now = nowIso();
    await db.insertInto('file_links').values(ids.map((file_id) => ({ file_id, owner_type: ownerType, owner_id: String(ownerId), created_at: now }))).execute();
  }

  async link(userId: number | null, fileIds: string[], ownerType: string, ownerId: string | number): Promise<void> {
    const ids = [...new Set(fileIds)];
    if (!ids.length) return;
    const owner = String(ownerId);
    const bad = ids.filter((id) => !FILE_ID.test(id));
    const found = new Set(await this.repo.existing(ids.filter((id) => FILE_ID.test(id)), userId));
    if (bad.length || ids.some((id) => !found.has(id))) {
      throw new AppError(400, FILE_NOT_OWNED, '材料文件不存在或不是您本人上传的，请重新上传');
    }
    const repo = this.repo;
    const have = new Set(await repo.linked(ownerType, owner));
    const now = nowIso();
    for (const id of ids) {
      if (have.has(id)) continue;
      try {
        await repo.insert(id, ownerType, owner, now);
      } catch (err) {
        // Linked by a concurrent save of the same owner: the link exists, which is all we want.
        if (!isDuplicateKey(err)) throw err;
      }
    }
  }

  /**
   * The owner's files become exactly these: new ones linked (ownership checked as in `link`),
   * ones no longer named unlinked, so a draft whose picture was replaced lets the old one go.
   */
  async replace(userId: number | null, fileIds: string[], ownerType: string, ownerId: string | number): Promise<void> {
    const owner = String(ownerId);
    const keep = new Set(fileIds);
    await this.link(userId, [...keep], ownerType, owner);
    const drop = (await this.repo.linked(ownerType, owner)).filter((id) => !keep.has(id));
    await this.repo.remove(ownerType, owner, drop);
  }

  /** Removes every link of the owner (its files become orphans, swept once a day old). */
  async unlink(ownerType: string, ownerId: string | number): Promise<void> {
    await this.repo.remove(ownerType, String(ownerId));
  }

  /** The files linked to the owner, in the order they were linked. */
  linked(ownerType: string, ownerId: string | number): Promise<string[]> {
    return this.repo.linked(ownerType, String(ownerId));
  }
}
