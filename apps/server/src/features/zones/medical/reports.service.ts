/**
 * 检验报告查询: the reports the HIS holds for the user and for each of their 就诊人, matched by ID
 * number (sent in the body, never in a URL). A report is only ever read for one of the user's own
 * patients — the HIS refuses another person's report (2001), which is our 404 — so knowing a
 * report number is not enough to read it.
 */
import { MedicalErrorCodes, maskName, type LabReportDetail, type LabReportSummary } from '@dz/contracts';
import { EnvelopeCode, type HisReportSummary } from '@dz/partner-protocol';
import { AppError } from '../../../infra/errors.js';
import type { Config } from '../../../infra/config.js';
import { PartnerRefusal } from '../../../partners/partner-client.js';
import type { HisConnector, HisMeta } from '../../../partners/connectors/his.js';
import { findCjkFont, type CjkFont } from '../../engine/documents/documents.pdf.js';
import { SELF, type Patient, type PatientsService } from './patients.service.js';
import { labReportPdf } from './reports.pdf.js';

const PURPOSE = '查询检验报告';
const reportNotFound = () => new AppError(404, MedicalErrorCodes.REPORT_NOT_FOUND, '未找到该检验报告，请确认就诊人后重试');

function summary(r: HisReportSummary, p: Patient): LabReportSummary {
  return { id: r.reportId, title: r.title, hospitalName: r.hospitalName, departmentName: r.departmentName, reportedAt: r.reportedAt, patientId: p.id, patientName: maskName(p.name), abnormalCount: r.abnormalCount };
}

export class ReportsService {
  private readonly font: CjkFont | null;

  constructor(
    config: Pick<Config, 'pdfFont' | 'pdfFontFamily'>,
    private readonly his: HisConnector,
    private readonly patients: PatientsService,
  ) {
    this.font = findCjkFont(config);
  }

  /** Every patient's reports of the last 180 days, newest first (the HIS is asked for each person at once). */
  async list(userId: number, meta: HisMeta): Promise<LabReportSummary[]> {
    await this.patients.self(userId, PURPOSE);
    const people = await this.patients.list(userId);
    const lists = await Promise.all(people.map(async (p) => (await this.his.reports(p.idNumber, meta)).reports.map((r) => summary(r, p))));
    return lists.flat().sort((a, b) => b.reportedAt.localeCompare(a.reportedAt) || a.id.localeCompare(b.id));
  }

  async detail(userId: number, reportId: string, patientId: number | undefined, meta: HisMeta): Promise<LabReportDetail> {
    const p = await this.patients.get(userId, patientId ?? SELF, PURPOSE);
    try {
      const r = await this.his.report(reportId, p.idNumber, meta);
      return { ...summary(r, p), specimen: r.specimen, doctor: r.doctor, collectedAt: r.collectedAt, items: r.items };
    } catch (err) {
      if (err instanceof PartnerRefusal && err.partnerCode === EnvelopeCode.NOT_FOUND) throw reportNotFound();
      throw err;
    }
  }

  async pdf(userId: number, reportId: string, patientId: number | undefined, meta: HisMeta): Promise<{ filename: string; bytes: Buffer }> {
    if (!this.font) throw new AppError(503, 'PDF_FONT_MISSING', '服务器未找到中文字体，暂时无法生成报告 PDF，请稍后再试');
    const r = await this.detail(userId, reportId, patientId, meta);
    return { filename: `${r.title}检验报告-${r.reportedAt.slice(0, 10)}.pdf`, bytes: await labReportPdf(this.font, r) };
  }
}
