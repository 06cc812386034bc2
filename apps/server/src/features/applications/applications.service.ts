/**
 * 在线报装 (水 / 电) and 燃气报装, tracked in 我的办件. An application is saved first (as a draft,
 * form SM4-encrypted) and then submitted to the company with its images; if the company cannot be
 * reached, the draft stays with its uploads and the citizen resubmits it later. The submission's
 * idempotency key is the application number, so a retry never files a second installation.
 *
 * Since migration 0012 an installation is a case of the engine (kind `installation`, one table for
 * 我的办件) whose every status change is a `case_events` row; the company decides it, not a
 * workflow, so the engine's citizen and console routes leave it to these routes.
 */
import { randomInt } from 'node:crypto';
import type { GasInstallForm as PartnerGasForm, InstallationAttachment, InstallationStatus, InstallationSubmit } from '@dz/partner-protocol';
import {
  ATTACHMENT_KINDS,
  CERT_TYPES,
  GAS_INSTALL_TYPES,
  INSTALL_TYPE_NAMES,
  UtilityErrorCodes,
  checkGasInstallForm,
  checkUtilityInstallForm,
  maskIdNumber,
  maskName,
  maskPhone,
  type ApplicationDetail,
  type ApplicationStatus,
  type ApplicationStep,
  type ApplicationSummary,
  type AttachmentRef,
  type GasInstallForm,
  GasInstallForm as GasInstallFormSchema,
  UtilityInstallForm as UtilityInstallFormSchema,
  type UtilityInstallForm,
  pickForm,
  type InstallationRequest,
} from '@dz/contracts';
import type { AppContext } from '../../infra/context.js';
import { AppError, badRequest, conflict, notFound } from '../../infra/errors.js';
import { beijingStamp, nowIso } from '../../infra/time.js';
import { PartnerRefusal } from '../../partners/partner-client.js';
import { UTILITY_COMPANIES as COMPANY, type UtilityConnector } from '../../partners/connectors/utilities.js';
import type { FilesService } from '../files/files.service.js';
import { verifiedIdentity } from '../utilities/verified-identity.js';
import { ApplicationsRepository, caseStatusOf, type InstallationEvent, type InstallationRow, type InstallationWithForm } from './applications.repository.js';

type Row = InstallationWithForm;
/** What 我的办件 shows and what a progress refresh needs: the list never reads the encrypted form, and so never decrypts anything. */
type ListRow = InstallationRow;
type StoredForm = UtilityInstallForm | PartnerGasForm;

/** Submissions carry the images, so they get more time than a query. */
const SUBMIT_TIMEOUT_MS = 8000;
const PROGRESS_TIMEOUT_MS = 2000;
/**
 * 我的办件 shows one status, the company's: the detail asks the company and stores the answer,
 * and the list asks again for the cases of its page whose stored progress is older than this
 * (at most LIST_REFRESH_MAX of them, in parallel, with a shorter timeout), so the list never lags
 * the detail by more than a minute — before, it showed 已受理申请 until the detail was opened.
 * The time of the last question is kept in the key-value store, shared by every instance.
 */
const PROGRESS_FRESH_MS = 60_000;
const LIST_REFRESH_MAX = 10;
const LIST_TIMEOUT_MS = 1500;
const checkedKey = (id: number) => `applications:progress-checked:${id}`;

function newApplicationNo(): string {
  return `BZ${beijingStamp().slice(0, 8)}${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
}

function statusOf(s: InstallationStatus['status']): ApplicationStatus {
  if (s === 'received') return 'submitted';
  if (s === 'completed') return 'completed';
  if (s === 'rejected') return 'rejected';
  return 'processing';
}

const UTILITY_LABELS: [keyof UtilityInstallForm, string, 'id' | 'phone' | 'name' | null][] = [
  ['originalMeterCardNo', '原总表卡号', null],
  ['applicantName', '申请人名称', 'name'],
  ['applicantAddress', '申请人地址', null],
  ['contactName', '联系人', 'name'],
  ['landline', '申请人固定电话', null],
  ['applicantIdNumber', '申请人身份证号', 'id'],
  ['applicantPhone', '申请人电话', 'phone'],
  ['appointmentDate', '安装预约时间', null],
  ['reason', '申请原因', null],
  ['supplyContractNo', '供水合同号', null],
  ['certType', '证件类型', null],
  ['certNo', '证件号码', 'id'],
  ['agentOrg', '代办单位', null],
  ['agentName', '代办人', 'name'],
];
const GAS_LABELS: [keyof PartnerGasForm, string, 'id' | 'phone' | 'name' | null][] = [
  ['applicantName', '申请人', 'name'],
  ['applicantIdNumber', '申请人身份证号', 'id'],
  ['contactName', '联系人', 'name'],
  ['contactPhone', '联系人电话', 'phone'],
  ['idNumber', '身份证号码', 'id'],
  ['installType', '报装类型', null],
  ['address', '详细地址', null],
  ['description', '报装说明', null],
];

function masked(kind: 'id' | 'phone' | 'name' | null, v: string): string {
  if (!v) return '—';
  if (kind === 'id') return v.length >= 15 ? maskIdNumber(v) : `${v.slice(0, 2)}****${v.slice(-2)}`;
  if (kind === 'phone') return maskPhone(v);
  if (kind === 'name') return maskName(v);
  return v;
}

/** Submitted and not finished: the company's progress can still move. */
const inProgress = (r: ListRow) => r.install_no !== null && r.status !== 'draft' && r.status !== 'completed' && r.status !== 'rejected';

const trimAll = <T extends object>(f: T): T => Object.fromEntries(Object.entries(f).map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v])) as T;

export class ApplicationsService {
  constructor(
    private readonly ctx: AppContext,
    private readonly files: FilesService,
    private readonly company: UtilityConnector,
  ) {}

  private get repo(): ApplicationsRepository {
    return new ApplicationsRepository(this.ctx.db);
  }

  /** Appends to the installation's timeline (case_events). */
  private async event(row: ListRow, action: string, next: ListRow | null, actor: InstallationEvent['actor'], comment: string | null = null, detail: Record<string, unknown> | null = null): Promise<void> {
    const to = next ? caseStatusOf(next.status) : null;
    await this.repo.insertEvent({ caseId: row.id, action, from: next ? row.case_status : null, to, actor, comment, detail, at: next?.updated_at ?? nowIso() });
  }

  private formOf(row: Row): StoredForm {
    return JSON.parse(this.ctx.gm.decrypt(row.form_enc)) as StoredForm;
  }

  private summary(row: ListRow): ApplicationSummary {
    const steps = JSON.parse(row.steps) as ApplicationStep[];
    return {
      id: row.id,
      applicationNo: row.application_no,
      type: row.type,
      title: row.title,
      status: row.status,
      progress: steps.length ? steps[steps.length - 1]!.title : null,
      lastError: row.last_error,
      createdAt: row.created_at,
      submittedAt: row.submitted_at,
      updatedAt: row.updated_at,
    };
  }

  private detail(row: Row, stale: boolean): ApplicationDetail {
    const form = this.formOf(row);
    const labels = row.type === 'gas' ? GAS_LABELS : UTILITY_LABELS;
    const attachments = JSON.parse(row.attachments) as AttachmentRef[];
    const fields = (labels as [string, string, 'id' | 'phone' | 'name' | null][])
      .filter(([k]) => !(row.type === 'power' && k === 'supplyContractNo'))
      .map(([k, label, kind]) => {
        const raw = String((form as unknown as Record<string, unknown>)[k] ?? '');
        const value = k === 'installType' ? (GAS_INSTALL_TYPES[raw as keyof typeof GAS_INSTALL_TYPES] ?? raw) : raw;
        return { label, value: masked(kind, value) };
      });
    const draftForm = row.type === 'gas' ? (({ applicantName: _n, applicantIdNumber: _i, ...rest }: PartnerGasForm) => rest)(form as PartnerGasForm) : form;
    return {
      ...this.summary(row),
      installNo: row.install_no,
      steps: JSON.parse(row.steps) as ApplicationStep[],
      fields,
      attachments: attachments.map((a) => ({ kind: a.kind, label: ATTACHMENT_KINDS[a.kind] ?? a.kind, fileId: a.fileId, url: `/api/files/${a.fileId}` })),
      draft: row.status === 'draft' ? { form: draftForm, attachments } : null,
      stale,
    };
  }

  private async owned(userId: number, id: number): Promise<Row> {
    const row = await this.repo.findOwned(userId, id);
    if (!row) throw notFound('办件不存在');
    return row;
  }

  /** Checks the form and attachments; returns what will be stored and sent. */
  private async prepare(userId: number, req: InstallationRequest): Promise<StoredForm> {
    if (req.type === 'gas') {
      const who = await verifiedIdentity(this.ctx, userId, '燃气报装');
      const f = trimAll(pickForm<GasInstallForm>(GasInstallFormSchema, req.form));
      const errors = checkGasInstallForm(f);
      if (Object.keys(errors).length) throw badRequest(Object.values(errors)[0]!, errors);
      return { ...f, applicantName: who.name, applicantIdNumber: who.idNumber } satisfies PartnerGasForm;
    }
    const f = trimAll(pickForm<UtilityInstallForm>(UtilityInstallFormSchema, req.form));
    if (req.type === 'power') f.supplyContractNo = '';
    const errors = checkUtilityInstallForm(f);
    const kinds = new Set(req.attachments.map((a) => a.kind));
    if (!kinds.has('id-front')) errors.attachments = '请上传申请人身份证人像面照片';
    else if (!kinds.has('property')) errors.attachments = '请上传房产证或购房合同照片';
    if (Object.keys(errors).length) throw badRequest(Object.values(errors)[0]!, errors);
    if (!(CERT_TYPES as readonly string[]).includes(f.certType)) throw badRequest('请选择证件类型', { certType: '请选择证件类型' });
    return f;
  }

  /** Saves (or updates the draft) and submits. 201 submitted; 503 with the draft's id when the company is down. */
  async create(userId: number, req: InstallationRequest, site: string, requestId: string): Promise<ApplicationDetail> {
    const form = await this.prepare(userId, req);
    // Every image must be the citizen's own upload (read only when submitted), and an image: the
    // companies take photos of the documents, not PDFs.
    const mimes = await this.files.mimesOwned(userId, req.attachments.map((a) => a.fileId));
    if ([...mimes.values()].some((m) => !m.startsWith('image/'))) throw badRequest('报装材料请上传照片（JPG、PNG、WebP）', { attachments: '报装材料请上传照片（JPG、PNG、WebP）' });
    const now = nowIso();
    const formEnc = this.ctx.gm.encrypt(JSON.stringify(form));
    const attachments = JSON.stringify(req.attachments);
    let row: Row;
    if (req.draftId) {
      const draft = await this.owned(userId, req.draftId);
      if (draft.status !== 'draft') throw conflict(UtilityErrorCodes.NOT_A_DRAFT, '该办件已提交，不能再修改');
      if (draft.type !== req.type) throw badRequest('草稿的报装类型不能更改');
      await this.repo.saveDraft(draft, formEnc, attachments, now);
      row = await this.owned(userId, draft.id);
    } else {
      const title = `${INSTALL_TYPE_NAMES[req.type]}申请`;
      const id = await this.repo.insert({ applicationNo: newApplicationNo(), userId, type: req.type, title, siteCode: site, formEnc, attachments, at: now });
      row = await this.owned(userId, id);
      await this.repo.insertEvent({ caseId: row.id, action: 'draft', from: null, to: 'draft', actor: { type: 'citizen', id: userId, name: '申请人' }, at: now });
    }
    await this.files.links.replace(userId, req.attachments.map((a) => a.fileId), 'case', row.id); // keeps its images from the orphan sweep
    return this.submitRow(userId, row, requestId);
  }

  async resubmit(userId: number, id: number, requestId: string): Promise<ApplicationDetail> {
    const row = await this.owned(userId, id);
    if (row.status !== 'draft') throw conflict(UtilityErrorCodes.NOT_A_DRAFT, '该办件已提交，无需重复提交');
    return this.submitRow(userId, row, requestId);
  }

  private async submitRow(userId: number, row: Row, requestId: string): Promise<ApplicationDetail> {
    const refs = JSON.parse(row.attachments) as AttachmentRef[];
    const attachments: InstallationAttachment[] = [];
    for (const a of refs) {
      const f = await this.files.readOwned(userId, a.fileId);
      // Checked to be an image when the application was saved.
      attachments.push({ kind: a.kind, mime: f.mime as InstallationAttachment['mime'], size: f.size, sha256: f.sha256, contentBase64: f.content.toString('base64') });
    }
    const body: InstallationSubmit<StoredForm> = { applicationNo: row.application_no, form: this.formOf(row), attachments };
    const keep = async (message: string) => {
      const next = { ...row, last_error: message, updated_at: nowIso() };
      await this.repo.update(row, next);
      // Not a status change (the draft stays), but the citizen and the console see the attempt.
      await this.event(row, 'handoff-failed', null, { type: 'system', id: null, name: COMPANY[row.type] }, message);
    };
    let status: InstallationStatus;
    try {
      status = await this.company.submitInstallation(row.type, body, `install-${row.application_no}`, { timeoutMs: SUBMIT_TIMEOUT_MS, site: row.site_code, requestId });
    } catch (err) {
      if (err instanceof PartnerRefusal) {
        await keep(`${COMPANY[row.type]}未受理：${err.message}`);
        throw new AppError(422, UtilityErrorCodes.PARTNER_REFUSED, `${COMPANY[row.type]}未受理：${err.message}。申请已保存为草稿，修改后可重新提交`, { details: { applicationId: row.id } });
      }
      const message = `${COMPANY[row.type]}系统暂不可用，申请已保存为草稿，可稍后在“我的办件”中重新提交`;
      await keep(message);
      throw new AppError(503, 'PARTNER_UNAVAILABLE', message, { details: { applicationId: row.id } });
    }
    const now = nowIso();
    const next: Row = { ...row, status: statusOf(status.status), install_no: status.installNo, steps: JSON.stringify(status.steps), last_error: null, submitted_at: now, updated_at: now };
    await this.repo.update(row, next);
    await this.event(row, 'submit', next, { type: 'citizen', id: userId, name: '申请人' }, null, { installNo: status.installNo });
    return this.detail(await this.owned(userId, row.id), false);
  }

  async list(userId: number, page: number, pageSize: number, requestId: string): Promise<{ items: ApplicationSummary[]; total: number }> {
    // A citizen has a handful of installations; pages are numbered (the API's contract).
    const { rows, total } = await this.repo.list(userId, pageSize, (page - 1) * pageSize);
    // Stale cases of this page ask the company again (claimed in the shared store, so two tabs or
    // instances do not both ask); a company that cannot be reached leaves the stored progress.
    const due: ListRow[] = [];
    for (const r of rows) {
      if (due.length >= LIST_REFRESH_MAX) break;
      if (inProgress(r) && (await this.ctx.kv.setIfAbsent(checkedKey(r.id), '1', PROGRESS_FRESH_MS))) due.push(r);
    }
    const fresh = new Map<number, ListRow>();
    await Promise.all(
      due.map(async (r) => {
        try {
          fresh.set(r.id, await this.refresh(r, requestId, LIST_TIMEOUT_MS));
        } catch {
          // shown as stored; the detail says 暂未获取到最新进度
        }
      }),
    );
    return { items: rows.map((r) => this.summary(fresh.get(r.id) ?? r)), total };
  }

  /** Asks the company for a case's progress and stores it when it moved; the row as now stored. */
  private async refresh<R extends ListRow>(row: R, requestId: string, timeoutMs: number): Promise<R> {
    const s = await this.company.installation(row.type, row.install_no!, { timeoutMs, site: row.site_code, requestId });
    await this.ctx.kv.set(checkedKey(row.id), '1', PROGRESS_FRESH_MS);
    const steps = JSON.stringify(s.steps);
    if (steps === row.steps) return row;
    const next: R = { ...row, steps, status: statusOf(s.status), updated_at: nowIso() };
    await this.repo.update(row, next);
    if (next.status !== row.status) {
      const last = s.steps[s.steps.length - 1];
      await this.event(row, 'progress', next, { type: 'partner', id: null, name: COMPANY[row.type] }, last ? last.title : null);
    }
    return { ...next, case_status: caseStatusOf(next.status) };
  }

  /** The application with the company's latest progress; our last copy (stale) when it cannot be reached. */
  async get(userId: number, id: number, requestId: string): Promise<ApplicationDetail> {
    const row = await this.owned(userId, id);
    if (!inProgress(row)) return this.detail(row, false);
    try {
      return this.detail(await this.refresh(row, requestId, PROGRESS_TIMEOUT_MS), false);
    } catch {
      return this.detail(row, true);
    }
  }

  async deleteDraft(userId: number, id: number): Promise<void> {
    const row = await this.owned(userId, id);
    if (row.status !== 'draft') throw conflict(UtilityErrorCodes.NOT_A_DRAFT, '已提交的办件不能删除');
    if (!(await this.repo.deleteDraft(row.id))) throw conflict(UtilityErrorCodes.NOT_A_DRAFT, '已提交的办件不能删除');
    await this.files.links.unlink('case', row.id); // its images become orphans, swept after a day
  }
}
