/**
 * Documents (ARCHITECTURE "Cores": documents): the PDFs this platform issues — 社保参保证明 on the
 * spot, 受理通知书, 准予许可决定书 … — each signed with SM2 and carrying a QR that POST /api/verify
 * checks. What is signed is a canonical JSON payload naming the document, a keyed digest of its
 * holder and the SM3 of the PDF bytes, so neither the record nor the file can change unnoticed.
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { DOCUMENT_KIND_NAMES, DOCUMENT_QR_PREFIX, DocumentsErrorCodes, maskName, type DocumentView, type VerifyResult } from '@dz/contracts';
import type { AppContext } from '../../../infra/context.js';
import { AppError, notFound } from '../../../infra/errors.js';
import { beijingDay } from '../../../infra/time.js';
import { hasPermission, inScope, type StaffContext } from '../../admin-auth/staff-guard.js';
import type { FilesService } from '../../files/files.service.js';
import { findCjkFont, renderPdf, type CjkFont } from './documents.pdf.js';
import { DocumentsRepository, type DocumentRow } from './documents.repository.js';
import { DocumentSigner, canonicalJson, sm3Hex, type SignedPayload } from './documents.signer.js';
import { invalid } from './verifiers.js';

export const ISSUER = '达州市政务服务管理局（演示）';

export interface IssueInput {
  /** A key of DOCUMENT_KIND_NAMES, or any template name of a later issue. */
  kind: string;
  title: string;
  userId: number | null;
  caseId: number | null;
  holderName: string;
  holderIdNumber?: string | null;
  rows: { label: string; value: string }[];
  body?: string[];
  /** Days the document stays valid; null / omitted = no expiry. */
  validDays?: number | null;
}

export interface IssuedDocument {
  id: string;
  docNo: string;
  url: string;
  qrText: string;
  issuedAt: string;
}

export interface DocumentPdf {
  filename: string;
  content: Buffer;
  /** The site of the document's case (for the audit entry of a staff view), null without a case. */
  siteCode: string | null;
}

/** Who asks for a PDF: a citizen, a staff member, or nobody logged in. */
export interface DocumentViewer {
  userId: number | null;
  staff: StaffContext | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    documents: DocumentsService;
  }
}

/** Base64url chars of the QR's tag: 96 bits, so a forged code is told apart. */
const QR_TAG_CHARS = 16;
const DAY_MS = 86_400_000;
/** 2026年12月06日, the way dates are written on Chinese official documents. */
const chineseDate = (iso: string): string => {
  const [y, m, d] = beijingDay(Date.parse(iso)).split('-');
  return `${y}年${m}月${d}日`;
};

export const kindName = (kind: string, title?: string): string => DOCUMENT_KIND_NAMES[kind] ?? title ?? kind;

export class DocumentsService {
  private readonly repo: DocumentsRepository;
  /** Found once at start; null → issuing answers 503 naming PDF_FONT. */
  readonly font: CjkFont | null;

  constructor(
    private readonly ctx: AppContext,
    readonly signer: DocumentSigner,
    /** The files store keeps the PDFs, encrypted like every upload. */
    private readonly files: FilesService,
  ) {
    this.repo = new DocumentsRepository(ctx.db);
    this.font = findCjkFont(ctx.config);
  }

  /** HMAC-SM3 of name + ID number: the payload binds the holder without naming them. */
  private holderDigest(name: string, idNumber: string | null | undefined): string {
    return this.ctx.gm.blindIndex('doc-holder', `${name.trim()}|${(idNumber ?? '').trim()}`);
  }

  /**
   * `DZDOC:<id>.<tag>`, the text printed as the QR and returned to the H5. The tag is a keyed digest
   * of the id (HMAC-SM3 under INDEX_KEY, 16 base64url chars = 96 bits), not a slice of the SM2
   * signature: the signature covers the PDF's digest and the QR is drawn inside that PDF, so it
   * cannot contain part of it. The tag makes a code unforgeable without the server's key; the
   * document itself is protected by the SM2 signature checked on every verification.
   */
  qrTextOf(id: string): string {
    return `${DOCUMENT_QR_PREFIX}${id}.${this.idTag(id)}`;
  }

  private idTag(id: string): string {
    return Buffer.from(this.ctx.gm.blindIndex('doc-qr', id), 'hex').toString('base64url').slice(0, QR_TAG_CHARS);
  }

  async issue(input: IssueInput): Promise<IssuedDocument> {
    if (!this.font) {
      throw new AppError(503, DocumentsErrorCodes.PDF_FONT_MISSING, '服务器未找到中文字体，暂时无法生成文书。请管理员安装 fonts-noto-cjk 或设置 PDF_FONT 指向中文字体文件');
    }
    const id = randomUUID();
    const issuedAtMs = Date.now();
    const issuedAt = new Date(issuedAtMs).toISOString();
    const expiresAt = input.validDays ? new Date(issuedAtMs + input.validDays * DAY_MS).toISOString() : null;
    // 20 chars people can read out: DZ + Beijing day + 10 random base32 letters (no counter to race on).
    const docNo = `DZ${beijingDay(issuedAtMs).replace(/-/g, '')}${randomBase32(10)}`;

    const qrText = this.qrTextOf(id);
    const pdf = await renderPdf(this.font, {
      title: input.title,
      docNo,
      holderName: input.holderName,
      rows: input.rows,
      body: input.body ?? [],
      issuer: ISSUER,
      issuedDate: chineseDate(issuedAt),
      expiresDate: expiresAt ? chineseDate(expiresAt) : null,
      qrText,
    });
    const payload: SignedPayload = {
      v: 1,
      id,
      docNo,
      kind: input.kind,
      holder: this.holderDigest(input.holderName, input.holderIdNumber),
      issuedAt,
      expiresAt,
      pdf: sm3Hex(pdf),
    };
    const signature = this.signer.sign(payload);

    const fileId = await this.files.writeBlob(pdf);
    await this.repo.insert(
      {
        id,
        doc_no: docNo,
        kind: input.kind,
        title: input.title,
        user_id: input.userId,
        case_id: input.caseId,
        holder_masked: maskName(input.holderName),
        payload: canonicalJson(payload),
        signature,
        key_id: this.signer.keyId,
        file_id: fileId,
        issued_at: issuedAt,
        expires_at: expiresAt,
        revoked_at: null,
      },
      { userId: input.userId, size: pdf.length, sha256: sm3Hex(pdf) },
    );
    return { id, docNo, url: `/api/documents/${id}/pdf`, qrText, issuedAt };
  }

  toView(row: DocumentRow): DocumentView {
    return {
      id: row.id,
      docNo: row.doc_no,
      kind: row.kind,
      kindName: kindName(row.kind, row.title),
      title: row.title,
      caseId: row.case_id,
      holder: row.holder_masked,
      issuedAt: row.issued_at,
      expiresAt: row.expires_at,
      revoked: row.revoked_at != null,
      url: `/api/documents/${row.id}/pdf`,
      qrText: this.qrTextOf(row.id),
    };
  }

  async listForUser(userId: number): Promise<DocumentView[]> {
    return (await this.repo.listForUser(userId)).map((r) => this.toView(r));
  }

  async listForCase(caseId: number): Promise<DocumentView[]> {
    return (await this.repo.listForCase(caseId)).map((r) => this.toView(r));
  }

  /**
   * The PDF for its holder, or for staff with case:handle whose site subtree holds the document's
   * case. Everyone else gets the same 404 as for an unknown id: no hint that it exists.
   */
  async pdfFor(viewer: DocumentViewer, id: string): Promise<DocumentPdf> {
    const row = /^[0-9a-f-]{36}$/.test(id) ? await this.repo.find(id) : undefined;
    if (!row || !(await this.maySee(viewer, row))) throw notFound('文书不存在或已删除');
    const content = await this.files.readBlob(row.file_id);
    const siteCode = row.case_id == null ? null : await this.repo.caseSite(row.case_id);
    return { filename: `${row.title}-${row.doc_no}.pdf`, content, siteCode };
  }

  private async maySee(viewer: DocumentViewer, row: DocumentRow): Promise<boolean> {
    if (viewer.userId != null && row.user_id === viewer.userId) return true;
    const staff = viewer.staff;
    if (!staff || row.case_id == null || !hasPermission(staff, 'case:handle')) return false;
    return inScope(staff, await this.repo.caseSite(row.case_id));
  }

  async revoke(id: string): Promise<boolean> {
    return this.repo.revoke(id, new Date().toISOString());
  }

  /**
   * The `DZDOC:` verifier. The QR's tag must be the one the server's key makes for the id (a code
   * with a changed id or tag fails), and the stored payload must carry a valid SM2 signature and agree with
   * the record's columns (an edited row fails). Revoked and expired are told apart.
   */
  async verify(rest: string): Promise<VerifyResult> {
    const m = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{1,64})$/.exec(rest);
    if (!m) return invalid('二维码内容不完整，无法核验');
    const [, id, tag] = m as unknown as [string, string, string];
    const row = await this.repo.find(id);
    if (!row) return invalid('未找到该文书');
    const known = {
      kind: kindName(row.kind, row.title),
      holder: row.holder_masked,
      issuedAt: row.issued_at,
      expiresAt: row.expires_at,
      details: [
        { label: '文书编号', value: row.doc_no },
        { label: '标题', value: row.title },
        { label: '签发机关', value: ISSUER },
      ],
    };
    const tampered = invalid('签名校验失败，文书可能被篡改', known);
    if (!safeEqual(tag, this.idTag(id))) return tampered;
    if (row.key_id !== this.signer.keyId || !this.signer.verify(row.payload, row.signature)) return tampered;
    let payload: SignedPayload;
    try {
      payload = JSON.parse(row.payload) as SignedPayload;
    } catch {
      return tampered;
    }
    const agrees = payload.v === 1 && payload.id === row.id && payload.docNo === row.doc_no && payload.kind === row.kind && payload.issuedAt === row.issued_at && (payload.expiresAt ?? null) === (row.expires_at ?? null);
    if (!agrees) return tampered;
    // The stored PDF must be the very bytes that were signed: a file replaced or edited at rest fails like an edited row.
    const pdf = await this.files.readBlob(row.file_id).catch(() => null);
    if (!pdf || sm3Hex(pdf) !== payload.pdf) return tampered;
    if (row.revoked_at) return invalid('该文书已作废', known);
    if (payload.expiresAt && Date.parse(payload.expiresAt) < Date.now()) return invalid('该文书已过期', known);
    return { valid: true, ...known };
  }
}

const BASE32 = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
function randomBase32(n: number): string {
  const bytes = randomBytes(n);
  let out = '';
  for (const b of bytes) out += BASE32[b % 32];
  return out;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
