/**
 * 文件中心 (issue 15): pictures and PDFs staff publish for citizens' pages (景点实景图, 政策附件).
 * The bytes are a blob of the files store (SM4-encrypted at rest like every upload), the
 * `public_files` row says what it is and whose site. A file is accepted by its content (the same
 * sniffing as citizens' uploads), never by its name. Served to anyone, immutable: a changed
 * picture is a new file with a new id, so the public URL can be cached for a year.
 */
import { createHash, randomUUID } from 'node:crypto';
import { CultureErrorCodes, UPLOAD_MAX_BYTES, type PublicFileView } from '@dz/contracts';
import type { AppContext } from '../../infra/context.js';
import { AppError, conflict, notFound } from '../../infra/errors.js';
import { nowIso } from '../../infra/time.js';
import type { PublicFileRow } from '../../db/schema.js';
import { StaffAuditor, type Actor } from '../admin-auth/staff-guard.js';
import { FilesService, fileRejected, sniffUpload } from '../files/files.service.js';
import { PublicFilesRepository, type PublicFileFilter } from './file-centre.repository.js';

export const FILE_CENTRE_PERMISSION = 'content:write';
export const PUBLIC_FILE_URL = '/api/public-files/';
const fileNotFound = () => new AppError(404, CultureErrorCodes.FILE_NOT_FOUND, '文件不存在或已删除，请刷新列表');
/** Our ids are UUIDs; anything else is answered 404 without a database read. */
export const isPublicFileId = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id);

const EXT: Record<string, string> = { 'image/jpeg': '.jpg', 'image/png': '.png', 'image/webp': '.webp', 'application/pdf': '.pdf' };

/**
 * A file name safe to store and show: the last path segment, without control characters or the
 * characters file systems and headers choke on, at most 100 characters; the extension follows the
 * content (a PDF named 景区.png is stored as 景区.pdf) so the name never contradicts the type.
 */
export function sanitiseFileName(raw: string, mime: string): string {
  const last = raw.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  let name = last.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '').replace(/\s+/g, ' ').trim().replace(/^\.+/, '');
  const ext = EXT[mime] ?? '';
  name = name.replace(/\.[A-Za-z0-9]{1,5}$/, '');
  name = [...name].slice(0, 100 - ext.length).join('').trim();
  return `${name || '未命名'}${ext}`;
}

export function publicFileView(r: PublicFileRow): PublicFileView {
  return { id: r.id, name: r.name, mime: r.mime, size: Number(r.size), url: `${PUBLIC_FILE_URL}${r.id}`, site: r.site_code, uploadedBy: r.uploaded_by, createdAt: r.created_at };
}

export interface SavePublicFileInput {
  /** Site code (6 digits) whose file centre lists the file. */
  site: string;
  /** The file name to show (sanitised here). */
  name: string;
  bytes: Buffer;
  /** Staff username, or e.g. 'seed' for generated content. */
  uploadedBy: string;
}

/**
 * Stores a public file from code (a seed's generated picture, an import): checked by content like
 * an upload (JPG / PNG / WebP / PDF, ≤ 5 MB; otherwise 400 FILE_REJECTED), bytes in the files
 * store, a `public_files` row. Returns the view; its `id` goes into `photo_file_ids` /
 * `attachment_file_ids`, its `url` is what citizens' pages load. Not audited (no staff member acts).
 */
export async function savePublicFile(ctx: AppContext, input: SavePublicFileInput): Promise<PublicFileView> {
  const { bytes } = input;
  if (bytes.length === 0) throw fileRejected('文件是空的，请重新选择文件');
  if (bytes.length > UPLOAD_MAX_BYTES) throw fileRejected('文件不能超过5MB，请压缩后重新上传');
  const mime = sniffUpload(bytes);
  if (!mime) throw fileRejected('仅支持 JPG、PNG、WebP 格式的图片或 PDF 文件，请重新选择');
  const blobId = await new FilesService(ctx).writeBlob(bytes);
  const row: PublicFileRow = {
    id: randomUUID(),
    site_code: input.site,
    name: sanitiseFileName(input.name, mime),
    mime,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    blob_id: blobId,
    uploaded_by: input.uploadedBy,
    created_at: nowIso(),
    deleted_at: null,
  };
  await new PublicFilesRepository(ctx.db).insert(row);
  return publicFileView(row);
}

/** Decrypted bytes of popular files by blob id (immutable, so never stale), within a byte budget. */
export class BytesLru {
  private readonly map = new Map<string, Buffer>();
  private bytes = 0;
  constructor(
    private readonly budget = 8 * 1024 * 1024,
    private readonly maxEntry = 2 * 1024 * 1024,
  ) {}

  get(key: string): Buffer | undefined {
    const v = this.map.get(key);
    if (v) {
      // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  set(key: string, value: Buffer): void {
    if (value.length > this.maxEntry || this.map.has(key)) return;
    this.map.set(key, value);
    this.bytes += value.length;
    for (const [k, v] of this.map) {
      if (this.bytes <= this.budget) break;
      this.map.delete(k);
      this.bytes -= v.length;
    }
  }

  get size(): number {
    return this.bytes;
  }
}

export class FileCentreService {
  private readonly repo: PublicFilesRepository;
  private readonly auditor: StaffAuditor;
  private readonly files: FilesService;
  readonly cache = new BytesLru();

  constructor(private readonly ctx: AppContext) {
    this.repo = new PublicFilesRepository(ctx.db);
    this.auditor = new StaffAuditor(ctx.audit);
    this.files = new FilesService(ctx);
  }

  /** The console's site: the given one (default the staff member's own), which must exist and be in scope. */
  async siteOf(actor: Actor, site: string | undefined, action: string): Promise<string> {
    const code = site ?? actor.staff.siteCode;
    if (!(await this.ctx.sites.list()).some((s) => s.code === code)) throw notFound('站点不存在，请重新选择站点');
    await this.auditor.requireSite(actor, code, { action, objectType: 'public_file' });
    return code;
  }

  async upload(actor: Actor, site: string, fileName: string, bytes: Buffer): Promise<PublicFileView> {
    const view = await savePublicFile(this.ctx, { site, name: fileName, bytes, uploadedBy: actor.staff.username });
    await this.auditor.record(actor, { action: 'public-file.upload', siteCode: site, objectType: 'public_file', objectId: view.id, summary: `上传${view.mime === 'application/pdf' ? 'PDF' : '图片'}“${view.name}”（${Math.ceil(view.size / 1024)} KB）` });
    return view;
  }

  async list(filter: PublicFileFilter): Promise<{ items: PublicFileView[]; total: number }> {
    const { rows, total } = await this.repo.list(filter);
    return { items: rows.map(publicFileView), total };
  }

  /**
   * Soft delete (the row keeps its history for the audit trail). Refused while a spot or policy
   * lists the file: its page would show a broken picture or a dead link — the operator removes it
   * there first. Drafts count too, since publishing one would bring the broken link back.
   */
  async remove(actor: Actor, id: string): Promise<void> {
    const row = isPublicFileId(id) ? await this.repo.find(id) : undefined;
    if (!row) throw fileNotFound();
    await this.auditor.requireSite(actor, row.site_code, { action: 'public-file.delete', objectType: 'public_file', objectId: id });
    const refs = await this.repo.referencedBy(id);
    const users = [
      ...refs.spots.map((s) => `景点“${s.name}”${s.published ? '' : '（未发布）'}`),
      ...refs.policies.map((p) => `资助政策“${p.title}”${p.published ? '' : '（未发布）'}`),
    ];
    if (users.length) {
      const where = [refs.spots.length ? '景点管理' : '', refs.policies.length ? '资助政策' : ''].filter(Boolean).join('或');
      throw conflict('FILE_IN_USE', `该文件正被${users.slice(0, 3).join('、')}${users.length > 3 ? '等' : ''}使用，请先在${where}中移除后再删除`);
    }
    await this.repo.softDelete(id, nowIso());
    await this.auditor.record(actor, { action: 'public-file.delete', siteCode: row.site_code, objectType: 'public_file', objectId: id, summary: `删除文件“${row.name}”` });
  }

  /** The public read: the row (null when unknown / deleted) and, unless only the ETag is needed, the bytes. */
  async find(id: string): Promise<PublicFileRow | null> {
    if (!isPublicFileId(id)) return null;
    return (await this.repo.find(id)) ?? null;
  }

  async bytesOf(row: PublicFileRow): Promise<Buffer> {
    const hit = this.cache.get(row.blob_id);
    if (hit) return hit;
    const content = await this.files.readBlob(row.blob_id);
    this.cache.set(row.blob_id, content);
    return content;
  }
}
