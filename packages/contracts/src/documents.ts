/**
 * Signed documents and their verification (issue 10, ARCHITECTURE "Cores": documents). The platform
 * issues PDFs (社保参保证明, 受理回执, 准予许可决定书, later 无房证明 …) signed with SM2; the QR on each
 * one carries a short text that anyone can check with POST /api/verify. The same route checks 亮证
 * codes and 不动产 certificate QRs (later issues) through a registry of verifiers by prefix.
 */
import { Type, type Static } from '@sinclair/typebox';

/**
 * Document kinds and their Chinese names, shown by the verifier ("这是一份：社保参保证明"). A kind
 * not listed here is shown by the document's own title.
 */
export const DOCUMENT_KIND_NAMES: Record<string, string> = {
  'social-insurance-proof': '社会保险参保证明',
  'acceptance-receipt': '受理通知书',
  'approval-decision': '准予许可决定书',
  'denial-decision': '不予许可决定书',
  'residence-permit-receipt': '居住证受理回执',
  'no-house-certificate': '无房证明',
  'case-result': '办理结果',
};

/** The QR text of a document this platform issued: `DZDOC:<id>.<16-char keyed tag of the id>`. */
export const DOCUMENT_QR_PREFIX = 'DZDOC:';

export const DocumentsErrorCodes = {
  /** No CJK font could be found: the PDF cannot be drawn (set PDF_FONT). */
  PDF_FONT_MISSING: 'PDF_FONT_MISSING',
} as const;

/** A document as its holder sees it in 我的证明 / the case page. */
export const DocumentView = Type.Object({
  id: Type.String(),
  docNo: Type.String({ description: '文书编号' }),
  kind: Type.String(),
  kindName: Type.String({ description: '文书种类（中文）' }),
  title: Type.String(),
  caseId: Type.Union([Type.Integer(), Type.Null()]),
  holder: Type.String({ description: '持有人（脱敏）' }),
  issuedAt: Type.String(),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
  revoked: Type.Boolean(),
  /** GET /api/documents/:id/pdf */
  url: Type.String(),
  qrText: Type.String(),
});
export type DocumentView = Static<typeof DocumentView>;

export const DocumentList = Type.Object({ items: Type.Array(DocumentView) });
export type DocumentList = Static<typeof DocumentList>;

export const VerifyBody = Type.Object(
  { qrText: Type.String({ minLength: 1, maxLength: 2048, title: '核验码' }) },
  { additionalProperties: false },
);
export type VerifyBody = Static<typeof VerifyBody>;

/**
 * The answer of POST /api/verify (API.md "Verification"). `valid` false always comes with a
 * Chinese `reason`; the other fields are filled when the code was recognised (an expired or
 * revoked document still says what it was).
 */
export const VerifyResult = Type.Object({
  valid: Type.Boolean(),
  /** Chinese name of what was checked (社会保险参保证明, 居民身份证 亮证, 不动产权证书 …). */
  kind: Type.Union([Type.String(), Type.Null()]),
  /** The holder, masked (张*). */
  holder: Type.Union([Type.String(), Type.Null()]),
  issuedAt: Type.Union([Type.String(), Type.Null()]),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Optional(Type.String()),
  /** Extra facts a checker may show (文书编号, 标题, 签发机关). */
  details: Type.Optional(Type.Array(Type.Object({ label: Type.String(), value: Type.String() }))),
});
export type VerifyResult = Static<typeof VerifyResult>;

/** What a document row shows on the PDF and the verifier page. */
export const DocumentRow = Type.Object({ label: Type.String({ maxLength: 40 }), value: Type.String({ maxLength: 500 }) });
export type DocumentRow = Static<typeof DocumentRow>;
