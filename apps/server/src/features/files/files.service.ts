/**
 * The file service behind uploads (在线报装: 身份证, 房产证 / 购房合同; the engine's 材料). An upload
 * is accepted by what it is, not by its name or declared type: the first bytes must be a JPEG, PNG
 * or WebP signature, or a PDF's (`%PDF-`, with its `%%EOF` trailer), and it must fit UPLOAD_MAX_BYTES.
 * Which kind a form field takes is checked when a case uses the file (contracts `acceptsMime`). Files hold personal data (ID card images), so they
 * are stored SM4-encrypted under DATA_DIR/files and served only to their owner.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UPLOAD_MAX_BYTES, UtilityErrorCodes, type FileView } from '@dz/contracts';
import type { AppContext } from '../../infra/context.js';
import { AppError, notFound } from '../../infra/errors.js';
import { nowIso } from '../../infra/time.js';
import { FileLinks } from './file-links.js';
import { FileLinksRepository } from './file-links.repository.js';

export type ImageMime = 'image/jpeg' | 'image/png' | 'image/webp';

/** The image type from the content's signature, or null. */
export function sniffImage(buf: Buffer): ImageMime | null {
  if (buf.length >= 4 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'image/jpeg';
  if (buf.length >= 8 && buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (buf.length >= 12 && buf.toString('latin1', 0, 4) === 'RIFF' && buf.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

export type UploadMime = ImageMime | 'application/pdf';

/** A PDF by its header and its end-of-file marker (a truncated upload has none). */
function isPdf(buf: Buffer): boolean {
  return buf.length >= 16 && buf.toString('latin1', 0, 5) === '%PDF-' && buf.subarray(Math.max(0, buf.length - 1024)).toString('latin1').includes('%%EOF');
}

/** What an upload is by its content: an image type, a PDF, or null (refused). */
export function sniffUpload(buf: Buffer): UploadMime | null {
  return sniffImage(buf) ?? (isPdf(buf) ? 'application/pdf' : null);
}

export const fileRejected = (message: string) => new AppError(400, UtilityErrorCodes.FILE_REJECTED, message);

export interface StoredFile {
  id: string;
  mime: UploadMime;
  size: number;
  sha256: string;
  content: Buffer;
}

export class FilesService {
  private readonly dir: string;
  /** Owner links (also `app.fileLinks`): what keeps a file from the sweep. */
  readonly links: FileLinks;
  constructor(private readonly ctx: AppContext) {
    this.dir = join(ctx.config.dataDir, 'files');
    this.links = new FileLinks(ctx);
  }

  private pathOf(id: string): string {
    return join(this.dir, id.slice(0, 2), `${id}.bin`);
  }

  /**
   * Stores bytes SM4-encrypted under a new id and returns it. The caller records the `files` row
   * (the documents core does so in the transaction that records the document).
   */
  async writeBlob(content: Buffer): Promise<string> {
    const id = randomUUID();
    await mkdir(join(this.dir, id.slice(0, 2)), { recursive: true });
    await writeFile(this.pathOf(id), this.ctx.gm.encryptBytes(content), { mode: 0o600 });
    return id;
  }

  /** A stored file's bytes, decrypted; who may read them is the caller's check. */
  async readBlob(id: string): Promise<Buffer> {
    return this.ctx.gm.decryptBytes(await readFile(this.pathOf(id)));
  }

  static view(id: string, mime: string, size: number): FileView {
    return { id, mime, size, url: `/api/files/${id}` };
  }

  async save(userId: number, content: Buffer): Promise<FileView> {
    if (content.length === 0) throw fileRejected('文件是空的，请重新选择图片');
    if (content.length > UPLOAD_MAX_BYTES) throw fileRejected('文件不能超过5MB，请压缩后重新上传');
    const mime = sniffUpload(content);
    if (!mime) throw fileRejected('仅支持 JPG、PNG、WebP 格式的图片或 PDF 文件，请重新选择');
    const id = await this.writeBlob(content);
    const sha256 = createHash('sha256').update(content).digest('hex');
    await this.ctx.db.insertInto('files').values({ id, user_id: userId, mime, size: content.length, sha256, created_at: nowIso() }).execute();
    return FilesService.view(id, mime, content.length);
  }

  /**
   * Deletes uploads that nothing links to (`file_links`) once they are a day old: pictures chosen
   * and then abandoned, and those of deleted drafts. Personal data is kept no longer than it serves.
   * (Installations saved before they linked their files were linked by migration 0012.)
   */
  async sweepOrphans(olderThanMs = 86_400_000, limit = 200): Promise<number> {
    const before = new Date(Date.now() - olderThanMs).toISOString();
    const repo = new FileLinksRepository(this.ctx.db);
    const candidates = await repo.orphansBefore(before, limit);
    let removed = 0;
    for (const f of candidates) {
      if (!(await repo.deleteIfUnlinked(f.id))) continue;
      await rm(this.pathOf(f.id), { force: true });
      removed += 1;
    }
    return removed;
  }

  /** 404 unless every id is one of the user's uploads; their types by id (a database check, the files stay unread). */
  async mimesOwned(userId: number, ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map();
    const valid = unique.filter((id) => /^[0-9a-f-]{36}$/.test(id));
    const rows = valid.length ? await this.ctx.db.selectFrom('files').select(['id', 'mime']).where('user_id', '=', userId).where('id', 'in', valid).execute() : [];
    if (rows.length !== unique.length) throw notFound('图片不存在或已删除');
    return new Map(rows.map((r) => [r.id, r.mime]));
  }

  /** 404 unless every id is one of the user's uploads — a database check, the files stay unread. */
  async assertOwned(userId: number, ids: string[]): Promise<void> {
    await this.mimesOwned(userId, ids);
  }

  /** The owner's file, decrypted; 404 for anyone else's (no hint that it exists). */
  async readOwned(userId: number, id: string): Promise<StoredFile> {
    const row = /^[0-9a-f-]{36}$/.test(id) ? await this.ctx.db.selectFrom('files').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst() : undefined;
    if (!row) throw notFound('图片不存在或已删除');
    const content = await this.readBlob(id);
    return { id, mime: row.mime as UploadMime, size: row.size, sha256: row.sha256, content };
  }
}
