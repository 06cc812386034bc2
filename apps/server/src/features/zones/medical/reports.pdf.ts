/**
 * 检验报告 as a PDF to save: A4, the report's header, then one row per item with its result, unit,
 * reference range and — for an abnormal value — the mark ↑ / ↓ and the word 偏高 / 偏低 beside it,
 * so the flag reads in black and white and to a screen reader, never by colour alone. The CJK font
 * is the documents core's (embedded, subset by pdfkit).
 */
import PDFDocument from 'pdfkit';
import { LAB_FLAG_MARKS, LAB_FLAG_NAMES, type LabReportDetail } from '@dz/contracts';
import { useCjkFont, type CjkFont } from '../../engine/documents/documents.pdf.js';

const MARGIN = 48;
/** Column widths (points) of 项目 / 结果 / 单位 / 参考范围 / 提示, summing to the A4 text width. */
const COLUMNS = [170, 100, 70, 100, 59] as const;
const HEADERS = ['检验项目', '结果', '单位', '参考范围', '提示'];

export function labReportPdf(font: CjkFont, r: LabReportDetail): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, compress: true, info: { Title: `${r.title}检验报告`, Author: r.hospitalName, Creator: '天府通办 · 达州分站' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  useCjkFont(doc, font);

  doc.fontSize(18).text(r.hospitalName, { align: 'center' });
  doc.moveDown(0.2).fontSize(15).text(`${r.title}检验报告单`, { align: 'center' });
  doc.moveDown(0.8).fontSize(10);
  const facts = [
    `就诊人：${r.patientName}`,
    `科室：${r.departmentName}`,
    `标本：${r.specimen}`,
    `送检医生：${r.doctor}`,
    `采集时间：${r.collectedAt.slice(0, 16).replace('T', ' ')}`,
    `报告时间：${r.reportedAt.slice(0, 16).replace('T', ' ')}`,
  ];
  for (const line of facts) doc.text(line);
  doc.moveDown(0.6);

  const row = (cells: string[], bold: boolean) => {
    const top = doc.y;
    let x = MARGIN;
    const h = Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: COLUMNS[i]! - 8 }))) + 8;
    if (top + h > doc.page.height - MARGIN - 30) doc.addPage();
    const y = doc.y;
    if (bold) doc.rect(MARGIN, y, COLUMNS.reduce((a, b) => a + b, 0), h).fill('#f2f4f7').fillColor('#000000');
    cells.forEach((c, i) => {
      doc.text(c, x + 4, y + 4, { width: COLUMNS[i]! - 8 });
      x += COLUMNS[i]!;
    });
    doc.moveTo(MARGIN, y + h).lineTo(x, y + h).strokeColor('#999999').stroke();
    doc.x = MARGIN;
    doc.y = y + h;
  };
  row(HEADERS, true);
  for (const it of r.items) {
    const mark = LAB_FLAG_MARKS[it.flag];
    row([it.name, mark ? `${it.result} ${mark}` : it.result, it.unit, it.range, it.flag === 'normal' ? '' : `${mark}${LAB_FLAG_NAMES[it.flag]}`], false);
  }
  doc.moveDown(1).fontSize(9).fillColor('#555555').text(`异常项目 ${r.abnormalCount} 项（↑ 偏高，↓ 偏低）。本报告仅对所检标本负责，结果解读请咨询医生。`, MARGIN, doc.y, { width: COLUMNS.reduce((a, b) => a + b, 0) });
  doc.end();
  return done;
}
