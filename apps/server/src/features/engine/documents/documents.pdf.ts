/**
 * Draws a document's PDF with pdfkit: A4, the title, a table of rows, body paragraphs, issuer,
 * issue date (Beijing time), document number and the verification QR. The Chinese font is
 * EMBEDDED (pdfkit subsets it to the glyphs used), so the PDF reads the same on any phone or
 * printer — a PDF naming a font it does not carry shows boxes where no CJK font is installed.
 */
import { existsSync, readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { Config } from '../../../infra/config.js';

export interface CjkFont {
  path: string;
  /** PostScript name of the member of a .ttc collection; null for a single-font file. */
  family: string | null;
}

/** Usual places of a CJK font on Debian / Ubuntu / CentOS (CI installs fonts-noto-cjk). */
export const SYSTEM_CJK_FONTS: CjkFont[] = [
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', family: 'NotoSerifCJKsc-Regular' },
  { path: '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', family: 'WenQuanYiZenHei' },
  { path: '/usr/share/fonts/wqy-microhei/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
  { path: '/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc', family: 'WenQuanYiZenHei' },
  { path: '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf', family: null },
  { path: '/usr/share/fonts/truetype/arphic/uming.ttc', family: 'ShanHeiSun-Uni' },
];

/** PDF_FONT (and PDF_FONT_FAMILY for a .ttc member), else the first system font that exists; null when none. */
export function findCjkFont(config: Pick<Config, 'pdfFont' | 'pdfFontFamily'>, candidates = SYSTEM_CJK_FONTS): CjkFont | null {
  if (config.pdfFont) return existsSync(config.pdfFont) ? { path: config.pdfFont, family: config.pdfFontFamily } : null;
  return candidates.find((c) => existsSync(c.path)) ?? null;
}

export interface PdfContent {
  title: string;
  docNo: string;
  holderName: string;
  rows: { label: string; value: string }[];
  body: string[];
  issuer: string;
  /** 2026年12月06日 (Beijing). */
  issuedDate: string;
  expiresDate: string | null;
  qrText: string;
}

/**
 * The font file is read once per process (a Noto CJK collection is ~20 MB); pdfkit parses and
 * subsets it per document.
 */
const fontBytes = new Map<string, Buffer>();
function loadFont(path: string): Buffer {
  let buf = fontBytes.get(path);
  if (!buf) {
    buf = readFileSync(path);
    fontBytes.set(path, buf);
  }
  return buf;
}

/** Registers the CJK font on a pdfkit document and selects it (other PDFs, e.g. 检验报告, use it too). */
export function useCjkFont(doc: PDFKit.PDFDocument, font: CjkFont): void {
  const buf = loadFont(font.path);
  if (font.family) doc.registerFont('cjk', buf, font.family);
  else doc.registerFont('cjk', buf);
  doc.font('cjk');
}

const MARGIN = 56;

export async function renderPdf(font: CjkFont, c: PdfContent): Promise<Buffer> {
  const qr = await QRCode.toBuffer(c.qrText, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 240 });
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    compress: true,
    info: { Title: c.title, Author: c.issuer, Subject: c.docNo, Creator: '天府通办 · 达州分站' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolvePdf, reject) => {
    doc.on('end', () => resolvePdf(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  useCjkFont(doc, font);

  const width = doc.page.width - MARGIN * 2;
  doc.fontSize(22).text(c.title, { align: 'center' });
  doc.moveDown(0.3).fontSize(10).fillColor('#555555').text(`编号：${c.docNo}`, { align: 'center' }).fillColor('#000000');
  doc.moveDown(1);

  // The rows as a two-column table with ruled lines.
  const labelW = 130;
  doc.fontSize(12);
  for (const row of c.rows) {
    const y = doc.y;
    const h = Math.max(doc.heightOfString(row.label, { width: labelW - 12 }), doc.heightOfString(row.value || '—', { width: width - labelW - 12 })) + 12;
    if (y + h > doc.page.height - MARGIN - 140) doc.addPage();
    const top = doc.y;
    doc.rect(MARGIN, top, labelW, h).fillAndStroke('#f2f4f7', '#999999').fillColor('#000000');
    doc.rect(MARGIN + labelW, top, width - labelW, h).stroke('#999999');
    doc.text(row.label, MARGIN + 6, top + 6, { width: labelW - 12 });
    doc.text(row.value || '—', MARGIN + labelW + 6, top + 6, { width: width - labelW - 12 });
    doc.x = MARGIN;
    doc.y = top + h;
  }

  doc.moveDown(1);
  for (const p of c.body) doc.fontSize(12).text(p, MARGIN, doc.y, { width, indent: 24, lineGap: 4 }).moveDown(0.5);

  // Issuer, date and the QR at the foot of the last page.
  const qrSize = 96;
  let footY = Math.max(doc.y + 24, doc.page.height - MARGIN - qrSize - 40);
  if (footY + qrSize + 20 > doc.page.height - MARGIN) {
    doc.addPage();
    footY = MARGIN;
  }
  doc.fontSize(12).text(c.issuer, MARGIN, footY + 10, { width: width - qrSize - 24, align: 'right' });
  doc.text(`签发日期：${c.issuedDate}`, MARGIN, doc.y + 4, { width: width - qrSize - 24, align: 'right' });
  if (c.expiresDate) doc.text(`有效期至：${c.expiresDate}`, MARGIN, doc.y + 4, { width: width - qrSize - 24, align: 'right' });
  doc.image(qr, MARGIN + width - qrSize, footY, { width: qrSize, height: qrSize });
  doc.fontSize(9).text('扫码核验真伪', MARGIN + width - qrSize, footY + qrSize + 4, { width: qrSize, align: 'center' });
  // The footnote sits in the bottom margin; pdfkit would start a new page for text there unless
  // the margin is lifted while it is written.
  const bottom = doc.page.margins.bottom;
  doc.page.margins.bottom = 0;
  doc.fontSize(8).fillColor('#777777').text('本文书经 SM2 数字签名，可通过“天府通办”扫一扫核验。', MARGIN, doc.page.height - MARGIN + 16, { width, align: 'center', lineBreak: false });
  doc.page.margins.bottom = bottom;

  doc.end();
  return finished;
}
