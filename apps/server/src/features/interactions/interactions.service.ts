/**
 * 互动 (issue 11), the citizen and public side: 我要咨询 / 建议 / 投诉 filed as engine cases,
 * 我的回复 with its thread, the one 追问, 撤回, 答复公开 and 数据统计, plus the notifications the
 * engine leaves to this feature (its `interaction` kind hook) and the 督办 sweep.
 *
 * What is stored where: the citizen's words (title, content, phone, photos, 公开 wish) are the
 * case's SM4-encrypted data like every case; cases.title is the title with personal data masked
 * (the queue shows it); `interactions` keeps what a case has no column for. Nothing is stored
 * until every check passed (text rules, photos, phone, department, daily limit, duplicate).
 */
import { randomInt } from 'node:crypto';
import {
  INTERACTION_LIMITS,
  INTERACTION_STATUS_NAMES,
  INTERACTION_TYPES,
  INTERACTION_TYPE_NAMES,
  checkInteractionText,
  interactionFormCode,
  maskFreeText,
  maskName,
  maskPhone,
  sensitiveWordIn,
  validatePhone,
  type InteractionCreate,
  type InteractionCreated,
  type InteractionDetail,
  type InteractionFigures,
  type InteractionMine,
  type InteractionStats,
  type InteractionStatsQuery,
  type InteractionSummary,
  type InteractionType,
  type PublicInteractionDetail,
  type PublicInteractionItem,
  type PublicInteractionList,
  type PublicInteractionQuery,
  type ThreadEntry,
} from '@dz/contracts';
import type { FastifyInstance } from 'fastify';
import { AppError, badRequest, notFound } from '../../infra/errors.js';
import { TtlCache } from '../../infra/ttl-cache.js';
import { isDuplicateKey } from '../../infra/duplicate-key.js';
import { beijingDay, beijingStamp, nowIso } from '../../infra/time.js';
import { createGateway } from '../sms/sms.service.js';
import type { SmsGateway } from '../sms/sms-gateway.js';
import type { CaseEventRow, CaseRow } from '../engine/cases/cases.repository.js';
import { INTERACTION_KIND } from '../engine/cases/cases.repository.js';
import type { ActOptions, CaseActor, EngineAction } from '../engine/cases/transition.js';
import { InteractionsRepository, type InteractionRow } from './interactions.repository.js';

/** The case data of an interaction (what the form `interaction-<type>` describes). */
export interface InteractionData {
  title: string;
  content: string;
  photos: string[];
  phone: string | null;
  public: '是' | '否';
}

export const DAILY_LIMIT_MESSAGE = `今日提交已达 ${INTERACTION_LIMITS.perUserPerDay} 条上限，请明天再来；紧急问题请拨打 12345`;
export const DUPLICATE_MESSAGE = '您已提交过相同内容，请在“我的回复”中查看';
const SYSTEM: CaseActor = { type: 'system', id: null, name: '系统' };
const ESCALATE_BATCH = 500;
const DAY_MS = 86_400_000;

const newNo = () => `HD${beijingStamp().slice(0, 8)}${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
/** The start of today in Beijing, as the ISO instant the stored times compare with. */
const beijingDayStart = () => new Date(Date.parse(`${beijingDay()}T00:00:00+08:00`)).toISOString();
const thisMonth = () => beijingDay().slice(0, 7);
const excerpt = (s: string | null | undefined, n = 80) => (s ? ([...s].length > n ? `${[...s].slice(0, n).join('')}…` : s) : null);
/** Whitespace and punctuation do not make a different question (the duplicate check). */
const squeeze = (s: string) => s.replace(/[\s\p{P}\p{S}]+/gu, '');

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const idx = y * 12 + (m - 1) + n;
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
}

export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
}

export function parseData(json: string): InteractionData {
  const d = JSON.parse(json) as Partial<InteractionData>;
  return { title: d.title ?? '', content: d.content ?? '', photos: Array.isArray(d.photos) ? d.photos : [], phone: d.phone ?? null, public: d.public === '是' ? '是' : '否' };
}

function parseDetail(text: string | null): Record<string, unknown> {
  if (!text) return {};
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** Who a thread entry is from: the citizen's own words are “我” to them and the masked name to staff. */
export interface ThreadNames {
  citizen: string;
  department: (id: number | null) => string | null;
}

/**
 * The conversation, in time order: the question, the notices of 受理 / 转办 / 不予受理, the
 * replies (from the 答复 events, signed by the department that answered) and the one 追问.
 */
export function threadOf(data: InteractionData, i: InteractionRow, events: CaseEventRow[], followUp: string | null, names: ThreadNames): ThreadEntry[] {
  const submitted = events.find((e) => e.action === 'submit')?.created_at ?? i.submitted_at;
  const out: ThreadEntry[] = [{ kind: 'question', text: data.content, by: names.citizen, at: submitted }];
  const deptOf = (d: Record<string, unknown>) => (typeof d.departmentName === 'string' ? d.departmentName : names.department(typeof d.departmentId === 'number' ? d.departmentId : null));
  for (const e of events) {
    if (e.from_status === null) continue;
    const d = parseDetail(e.detail);
    if (e.action === 'accept') {
      const dept = deptOf(d);
      out.push({ kind: 'accepted', text: dept ? `已受理，交由${dept}办理` : '已受理，正在办理', by: dept ?? '工作人员', at: e.created_at });
    } else if (e.action === 'transfer') {
      const dept = deptOf(d);
      out.push({ kind: 'transfer', text: dept ? `已转交${dept}办理` : '已转交相关部门办理', by: '工作人员', at: e.created_at });
    } else if (e.action === 'reject') {
      out.push({ kind: 'rejected', text: e.comment ?? '不予受理', by: '工作人员', at: e.created_at });
    } else if (e.action === 'reply') {
      out.push({ kind: 'reply', text: e.comment ?? '', by: deptOf(d) ?? '工作人员', at: e.created_at });
    } else if (e.action === 'follow-up' && followUp) {
      out.push({ kind: 'follow-up', text: followUp, by: names.citizen, at: e.created_at });
    }
  }
  return out;
}

interface Aggregate {
  stats: InteractionStats;
  /** month → type → figures, for the CSV. */
  monthType: Map<string, Map<InteractionType, Sum>>;
}

interface Sum {
  submitted: number;
  replied: number;
  timed: number;
  seconds: number;
}
const zero = (): Sum => ({ submitted: 0, replied: 0, timed: 0, seconds: 0 });
const addTo = (a: Sum, b: Sum) => {
  a.submitted += b.submitted;
  a.replied += b.replied;
  a.timed += b.timed;
  a.seconds += b.seconds;
};
export const figuresOf = (s: Sum): InteractionFigures => ({
  submitted: s.submitted,
  replied: s.replied,
  replyRate: s.submitted > 0 ? Math.round((s.replied / s.submitted) * 10000) / 10000 : 0,
  avgReplyHours: s.timed > 0 ? Math.round((s.seconds / s.timed / 3600) * 10) / 10 : null,
});

/** The shared write counter the public statistics memo is stamped with (a week: memo entries live a minute). */
const STATS_EPOCH_KEY = 'interactions:stats-epoch';
const STATS_EPOCH_TTL_MS = 7 * 86_400_000;

export class InteractionsService {
  private readonly sms: SmsGateway;
  /**
   * Public 数据统计 answers per (subtree, range, filters). Computing one reads every filed item of
   * the range — 100,000 items took 86 ms (p50) on SQLite, where that is the event loop's time
   * (bench/interactions-stats.mjs) — so the public page, which anyone may open, reads a memo stamped
   * with a shared write counter (`statsChanged`, in Redis or the database): a write on any instance
   * or worker makes every memo stale at once, and a request costs one key read. Concurrent misses
   * share one computation; entries live a minute at most.
   */
  private readonly statsMemo = new TtlCache<Promise<InteractionStats>>(60_000, 500);

  constructor(private readonly app: FastifyInstance) {
    this.sms = createGateway(app.ctx);
  }

  /** A write that can move a figure (filed, accepted, answered, reopened, withdrawn): the next 数据统计 on every instance is computed afresh. */
  async statsChanged(): Promise<void> {
    await this.app.ctx.kv.incr(STATS_EPOCH_KEY, STATS_EPOCH_TTL_MS);
  }

  get repo(): InteractionsRepository {
    return new InteractionsRepository(this.app.ctx.db);
  }

  dataOf(row: CaseRow): InteractionData {
    return parseData(this.app.ctx.gm.decrypt(row.data_enc));
  }

  async userName(userId: number): Promise<string | null> {
    const u = await this.repo.user(userId);
    return u ? this.app.ctx.gm.decryptNullable(u.name_enc) : null;
  }

  /** The department named, if it is the site's or of a site below it; 400 on the field otherwise. */
  async departmentIn(id: number, siteCodes: string[], field = 'departmentId', message = '请选择本站点的部门'): Promise<{ id: number; site_code: string; name: string }> {
    const d = await this.repo.departmentSite(id);
    if (!d || !siteCodes.includes(d.site_code)) throw badRequest(message, { [field]: message });
    return { id: Number(d.id), site_code: d.site_code, name: d.name };
  }

  // ---------------------------------------------------------------------------------------------
  // Filing

  async create(userId: number, body: InteractionCreate): Promise<InteractionCreated> {
    const type = body.type;
    const site = (await this.app.sites.list()).find((s) => s.code === body.site);
    if (!site) throw badRequest('站点不存在', { site: '站点不存在' });
    const form = await this.app.forms.resolve(interactionFormCode(type), body.site);
    let wf = form ? await this.app.workflows.resolve(form.workflowCode, body.site) : null;
    if (!form || !wf) throw notFound(`“我要${INTERACTION_TYPE_NAMES[type]}”暂未开通，请拨打 12345 反映`);

    // 1. The words, as the H5 checks them while the citizen types.
    const title = body.title.trim();
    const content = body.content.trim();
    const fields: Record<string, string> = { ...checkInteractionText(title, content) };
    // 2. Photos: at most 9, each the citizen's own image upload.
    const photos = [...new Set(body.attachments ?? [])];
    if (photos.length > INTERACTION_LIMITS.photosMax) fields.attachments = `最多上传 ${INTERACTION_LIMITS.photosMax} 张图片（现在 ${photos.length} 张）`;
    // 3. The contact phone, when given (the login's otherwise).
    const phoneGiven = body.phone?.trim() || null;
    if (phoneGiven) {
      const bad = validatePhone(phoneGiven);
      if (bad) fields.phone = bad;
    }
    // 4. The department, when chosen: one the site's picker offers — its own, one below it, or one
    //    of the sites above it (a county's citizens see the city's bureaus, GET /api/departments).
    //    The item then belongs to the department's site, whose staff answer it.
    const [subtree, ancestry] = await Promise.all([this.app.sites.subtree(body.site), this.app.sites.ancestry(body.site)]);
    let department: { id: number; name: string; site: string } | null = null;
    if (body.departmentId != null) {
      const d = await this.repo.departmentSite(body.departmentId);
      if (!d || !(subtree.includes(d.site_code) || ancestry.includes(d.site_code))) fields.departmentId = '请选择本地区的部门，或选择“不清楚”';
      else department = { id: Number(d.id), name: d.name, site: d.site_code };
    }
    const handlingSite = department?.site ?? body.site;
    // The time limit is the handling site's (a city bureau answers within the city's days).
    if (handlingSite !== body.site) wf = (await this.app.workflows.resolve(form.workflowCode, handlingSite)) ?? wf;
    if (!fields.attachments && photos.length) {
      try {
        const mimes = await this.app.files.mimesOwned(userId, photos);
        if (photos.some((id) => !(mimes.get(id) ?? '').startsWith('image/'))) fields.attachments = '只能上传图片（JPG、PNG、WebP）';
      } catch {
        fields.attachments = '图片不存在或不是您本人上传的，请重新上传';
      }
    }
    const keys = Object.keys(fields);
    if (keys.length) throw badRequest(keys.length === 1 ? fields[keys[0]!]! : `${fields[keys[0]!]!}等 ${keys.length} 项需要修改`, fields);

    // 5. The daily limit and the same question twice.
    if ((await this.repo.countSince(userId, beijingDayStart())) >= INTERACTION_LIMITS.perUserPerDay) throw new AppError(429, 'INTERACTION_DAILY_LIMIT', DAILY_LIMIT_MESSAGE);
    const gm = this.app.ctx.gm;
    for (const r of await this.repo.recentData(userId, new Date(Date.now() - DAY_MS).toISOString())) {
      const d = parseData(gm.decrypt(r.data_enc));
      if (squeeze(d.title) === squeeze(title) && squeeze(d.content) === squeeze(content)) throw new AppError(409, 'INTERACTION_DUPLICATE', DUPLICATE_MESSAGE, { details: { id: r.id, no: r.case_no } });
    }

    const u = await this.repo.user(userId);
    const name = u ? gm.decryptNullable(u.name_enc) : null;
    const loginPhone = u ? gm.decryptNullable(u.phone_enc) : null;
    const phone = phoneGiven ?? loginPhone;
    const data: InteractionData = { title, content, photos, phone, public: body.public ? '是' : '否' };
    const now = nowIso();
    const def = wf.definition;
    const caseRow = {
      user_id: userId,
      site_code: handlingSite,
      kind: INTERACTION_KIND,
      title: maskFreeText(title, [name]).slice(0, 100),
      status: 'submitted' as const,
      form_code: form.code,
      form_site: form.siteCode,
      form_version: form.version,
      workflow_code: wf.code,
      workflow_site: wf.siteCode,
      workflow_version: wf.version,
      step_key: def.steps[0]?.key ?? null,
      data_enc: gm.encrypt(JSON.stringify(data)),
      applicant_masked: name ? maskName(name) : phone ? maskPhone(phone) : '',
      applicant_name_bidx: name ? gm.blindIndex('name', name) : null,
      applicant_id_bidx: null,
      applicant_phone_bidx: phone ? gm.blindIndex('phone', phone) : null,
      department_id: department?.id ?? null,
      parent_id: null,
      part_code: null,
      submitted_at: now,
      created_at: now,
      updated_at: now,
    };
    const interaction = {
      type,
      site_code: handlingSite,
      department_id: department?.id ?? null,
      month: thisMonth(),
      want_public: body.public ? 1 : 0,
      publish_state: 'none' as const,
      reply_count: 0,
      reply_unread: 0,
      submitted_at: now,
      updated_at: now,
    };
    const event = { action: 'submit', from_status: null, to_status: null, step_name: null, actor_type: 'citizen' as const, actor_id: userId, actor_name: '申请人', comment: null, detail: null, created_at: now };
    for (let attempt = 0; ; attempt += 1) {
      const no = newNo();
      try {
        const id = await this.repo.insert({ ...caseRow, case_no: no }, event, interaction, (trx, caseId) => this.app.fileLinks.linkNew(trx, photos, 'case', String(caseId)));
        await this.statsChanged();
        return { id, no, status: 'submitted', deadline: null, limitDays: def.timeLimitDays };
      } catch (err) {
        if (!isDuplicateKey(err) || attempt > 3) throw err;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // 我的回复

  private async owned(userId: number, id: number): Promise<{ row: CaseRow; i: InteractionRow }> {
    const row = await this.app.cases.get(id);
    const i = row && row.kind === INTERACTION_KIND && row.user_id === userId && row.status !== 'draft' ? await this.repo.find(id) : undefined;
    if (!row || !i) throw notFound('该条咨询 / 建议 / 投诉不存在');
    return { row, i };
  }

  async mine(userId: number, q: { page?: number | undefined; pageSize?: number | undefined; type?: InteractionType | undefined }): Promise<InteractionMine> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const { items, total, unread } = await this.repo.mine(userId, q.type, (page - 1) * pageSize, pageSize);
    return {
      items: items.map((r): InteractionSummary => ({
        id: Number(r.id),
        no: r.case_no,
        type: r.type,
        typeName: INTERACTION_TYPE_NAMES[r.type],
        title: r.title,
        status: r.status,
        statusName: INTERACTION_STATUS_NAMES[r.status],
        siteCode: r.site_code,
        departmentName: r.department_name ?? null,
        unread: Number(r.reply_unread) === 1,
        reply: excerpt(r.reply),
        repliedAt: r.replied_at,
        createdAt: r.submitted_at,
      })),
      total,
      page,
      pageSize,
      unread,
    };
  }

  /** The citizen's own item; opening it marks its replies read. */
  async detail(userId: number, id: number, markRead = true): Promise<InteractionDetail> {
    const { row, i } = await this.owned(userId, id);
    if (markRead && Number(i.reply_unread) === 1) {
      await this.repo.update(id, { reply_unread: 0 });
      i.reply_unread = 0;
    }
    const gm = this.app.ctx.gm;
    const data = this.dataOf(row);
    const [events, ratings, names] = await Promise.all([this.app.cases.events(id), this.app.ratings.forCase(id), this.repo.departmentNames([i.department_id, i.reply_department_id])]);
    const eventDepts = await this.repo.departmentNames(events.map((e) => parseDetail(e.detail).departmentId as number | null));
    const followUp = gm.decryptNullable(i.followup_enc);
    const thread = threadOf(data, i, events, followUp, { citizen: '我', department: (d) => (d == null ? null : (eventDepts.get(d) ?? names.get(d) ?? null)) });
    return {
      id: row.id,
      no: row.case_no,
      type: i.type,
      typeName: INTERACTION_TYPE_NAMES[i.type],
      // The citizen reads their own words whole.
      title: data.title,
      status: row.status,
      statusName: INTERACTION_STATUS_NAMES[row.status],
      siteCode: i.site_code,
      departmentName: i.department_id != null ? (names.get(i.department_id) ?? null) : null,
      unread: Number(i.reply_unread) === 1,
      reply: excerpt(i.reply),
      repliedAt: i.replied_at,
      createdAt: i.submitted_at,
      content: data.content,
      phone: data.phone ? maskPhone(data.phone) : null,
      attachments: data.photos.map((f) => ({ id: f, url: `/api/files/${f}` })),
      wantPublic: Number(i.want_public) === 1,
      published: i.publish_state === 'published',
      deadline: row.deadline_at,
      thread,
      canFollowUp: row.status === 'completed' && !i.followup_enc,
      canWithdraw: row.status === 'submitted',
      canRate: row.status === 'completed' && !ratings.some((r) => r.round === 1),
      ratings,
    };
  }

  /** 追问: once, after a reply; reopens the item on the reply step with the full 答复时限 again. */
  async followUp(userId: number, id: number, text: string): Promise<InteractionDetail> {
    const { row, i } = await this.owned(userId, id);
    const content = text.trim();
    const L = INTERACTION_LIMITS;
    if (!content) throw badRequest('请填写追问内容', { content: '请填写追问内容' });
    if ([...content].length > L.followUpMax) throw badRequest(`追问不能超过 ${L.followUpMax} 个字（现在 ${[...content].length} 个）`, { content: `追问不能超过 ${L.followUpMax} 个字` });
    const word = sensitiveWordIn(content);
    if (word) throw badRequest(`含有不宜发布的内容“${word}”，请修改后再提交`, { content: `含有不宜发布的内容“${word}”，请修改后再提交` });
    if (/<\s*\/?\s*(script|iframe|img|a|style|svg)\b/i.test(content)) throw badRequest('不能包含网页代码，请只填写文字', { content: '不能包含网页代码，请只填写文字' });
    if (i.followup_enc) throw new AppError(409, 'FOLLOW_UP_USED', '每条只能追问一次');
    if (row.status !== 'completed' || Number(i.reply_count) === 0) throw new AppError(409, 'CASE_STATE', '收到答复后才能追问');
    const now = nowIso();
    // Claimed first (one 追问 per item, two taps at once store one), then the case reopens.
    if (!(await this.repo.setFollowUp(id, this.app.ctx.gm.encrypt(content), now))) throw new AppError(409, 'FOLLOW_UP_USED', '每条只能追问一次');
    try {
      await this.app.cases.act(id, 'follow-up', { type: 'citizen', id: userId, name: '申请人' }, { version: row.version });
    } catch (err) {
      await this.repo.update(id, { followup_enc: null, followup_at: null });
      throw err;
    }
    await this.statsChanged();
    return this.detail(userId, id);
  }

  async withdraw(userId: number, id: number): Promise<InteractionDetail> {
    const { row } = await this.owned(userId, id);
    if (row.status !== 'submitted') throw new AppError(409, 'CASE_STATE', '已受理的不能撤回；如需补充说明，可在答复后追问');
    await this.app.cases.act(id, 'withdraw', { type: 'citizen', id: userId, name: '申请人' }, { version: row.version });
    await this.repo.update(id, { updated_at: nowIso() });
    await this.statsChanged();
    return this.detail(userId, id, false);
  }

  // ---------------------------------------------------------------------------------------------
  // Notifications (the engine's hook for kind `interaction`)

  async notify(row: CaseRow, action: EngineAction, opts: ActOptions): Promise<void> {
    if (action !== 'accept' && action !== 'reject' && action !== 'reply') return;
    const i = await this.repo.find(row.id);
    if (!i) return;
    const typeName = INTERACTION_TYPE_NAMES[i.type];
    const day = row.deadline_at ? new Date(Date.parse(row.deadline_at) + 8 * 3_600_000).toISOString().slice(0, 10) : null;
    const texts = {
      accept: { title: `您的${typeName}已受理`, body: `您的${typeName}“${row.title}”（${row.case_no}）已受理，正在办理${day ? `，将于 ${day} 前答复` : ''}。`, sms: null },
      reject: { title: `您的${typeName}未予受理`, body: `您的${typeName}“${row.title}”（${row.case_no}）未予受理。理由：${opts.comment ?? ''}`, sms: `您的${typeName}${row.case_no}未予受理，原因请在“我的回复”查看。` },
      reply: { title: `您的${typeName}已答复`, body: `您的${typeName}“${row.title}”（${row.case_no}）已答复：${excerpt(opts.comment ?? '', 200) ?? ''}`, sms: `您的${typeName} ${row.case_no} 已答复，请在“我的回复”查看。` },
    }[action];
    await this.app.messages.notifyUser({ userId: row.user_id, siteCode: row.site_code, title: texts.title, body: texts.body, link: `/interact/replies/${row.id}` });
    if (!texts.sms) return;
    const u = await this.repo.user(row.user_id);
    const phone = this.dataOf(row).phone ?? (u ? this.app.ctx.gm.decryptNullable(u.phone_enc) : null);
    if (!phone) return;
    try {
      await this.sms.send(phone, `【天府通办】${texts.sms}`, null);
    } catch (err) {
      this.app.log.warn({ err, caseId: row.id }, 'interaction SMS not delivered');
    }
  }

  // ---------------------------------------------------------------------------------------------
  // 督办 (the `interactions.escalate` job)

  /** Accepted items past their 答复时限: escalated once, with a 超时督办 entry by the system. */
  async escalate(): Promise<number> {
    const now = nowIso();
    let n = 0;
    for (const id of await this.repo.escalationCandidates(now, ESCALATE_BATCH)) {
      if (!(await this.repo.markEscalated(id, now))) continue;
      await this.app.cases.event(id, { action: 'escalate', actor: SYSTEM, comment: '已超过答复时限，已提请督办' });
      n += 1;
    }
    return n;
  }

  // ---------------------------------------------------------------------------------------------
  // 答复公开

  private async siteOrThrow(code: string): Promise<{ code: string; name: string }> {
    const s = (await this.app.sites.list()).find((x) => x.code === code);
    if (!s) throw notFound('站点不存在');
    return { code: s.code, name: s.name };
  }

  private publicItem(r: { id: number; case_no: string; type: InteractionType; public_title: string | null; public_reply: string | null; submitted_at: string; replied_at: string | null; department_name: string | null }): PublicInteractionItem {
    return {
      id: Number(r.id),
      no: r.case_no,
      type: r.type,
      typeName: INTERACTION_TYPE_NAMES[r.type],
      title: r.public_title ?? '',
      departmentName: r.department_name ?? null,
      askedAt: r.submitted_at,
      repliedAt: r.replied_at,
      replyExcerpt: excerpt(r.public_reply) ?? '',
    };
  }

  async publicList(q: PublicInteractionQuery): Promise<PublicInteractionList> {
    await this.siteOrThrow(q.site);
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const { items, total } = await this.repo.publicList(await this.app.sites.subtree(q.site), q, (page - 1) * pageSize, pageSize);
    return { items: items.map((r) => this.publicItem(r)), total, page, pageSize };
  }

  async publicDetail(id: number): Promise<PublicInteractionDetail> {
    const r = await this.repo.publicOne(id);
    if (!r) throw notFound('该条答复不存在或未公开');
    return { ...this.publicItem(r), content: r.public_content ?? '', reply: r.public_reply ?? '', publishedAt: r.published_at ?? r.replied_at ?? r.submitted_at };
  }

  // ---------------------------------------------------------------------------------------------
  // 数据统计

  /** The range asked, or the last 12 months ending this month (Beijing); 400 when it runs backwards or over 5 years. */
  range(q: { from?: string | undefined; to?: string | undefined }): { from: string; to: string } {
    const to = q.to ?? thisMonth();
    const from = q.from ?? addMonths(to, -11);
    if (from > to) throw badRequest('起始月份不能晚于截止月份', { from: '起始月份不能晚于截止月份' });
    if (monthsBetween(from, to).length > 60) throw badRequest('统计范围最长 60 个月', { from: '统计范围最长 60 个月' });
    return { from, to };
  }

  async aggregate(siteCodes: string[], site: { code: string; name: string }, q: InteractionStatsQuery): Promise<Aggregate> {
    const { from, to } = this.range(q);
    const rows = await this.repo.statsRows(siteCodes, from, to, q);
    const total = zero();
    const byType = new Map<InteractionType, Sum>(INTERACTION_TYPES.map((t) => [t, zero()]));
    const byDept = new Map<number | null, Sum>();
    const byStatus: Record<string, number> = { submitted: 0, accepted: 0, completed: 0, rejected: 0, withdrawn: 0 };
    const monthType = new Map<string, Map<InteractionType, Sum>>(monthsBetween(from, to).map((m) => [m, new Map(INTERACTION_TYPES.map((t) => [t, zero()]))]));
    for (const r of rows) {
      const s: Sum = { submitted: Number(r.n), replied: Number(r.replied ?? 0), timed: Number(r.timed ?? 0), seconds: Number(r.seconds ?? 0) };
      addTo(total, s);
      addTo(byType.get(r.type)!, s);
      const dept = r.department_id == null ? null : Number(r.department_id);
      if (!byDept.has(dept)) byDept.set(dept, zero());
      addTo(byDept.get(dept)!, s);
      byStatus[r.status] = (byStatus[r.status] ?? 0) + s.submitted;
      const mt = monthType.get(r.month)?.get(r.type);
      if (mt) addTo(mt, s);
    }
    const names = await this.repo.departmentNames([...byDept.keys()]);
    const stats: InteractionStats = {
      site: site.code,
      siteName: site.name,
      from,
      to,
      total: figuresOf(total),
      byType: INTERACTION_TYPES.map((t) => ({ type: t, typeName: INTERACTION_TYPE_NAMES[t], ...figuresOf(byType.get(t)!) })),
      byMonth: [...monthType].map(([month, types]) => {
        const all = zero();
        for (const s of types.values()) addTo(all, s);
        return { month, consult: types.get('consult')!.submitted, suggest: types.get('suggest')!.submitted, complain: types.get('complain')!.submitted, submitted: all.submitted, replied: all.replied };
      }),
      byDepartment: [...byDept]
        .map(([id, s]) => ({ departmentId: id, departmentName: id == null ? '未指定部门' : (names.get(id) ?? `部门 ${id}`), ...figuresOf(s) }))
        .sort((a, b) => b.submitted - a.submitted || a.departmentName.localeCompare(b.departmentName, 'zh')),
      byStatus,
    };
    return { stats, monthType };
  }

  /** Public 数据统计: the site's subtree. */
  async publicStats(q: InteractionStatsQuery): Promise<InteractionStats> {
    const site = await this.siteOrThrow(q.site);
    const { from, to } = this.range(q);
    const key = [q.site, from, to, q.type ?? '', q.departmentId ?? ''].join('|');
    const stamp = (await this.app.ctx.kv.get(STATS_EPOCH_KEY)) ?? '0';
    const hit = this.statsMemo.get(key, stamp);
    if (hit) return hit;
    const made = this.app.sites.subtree(q.site).then(async (codes) => (await this.aggregate(codes, site, { ...q, from, to })).stats);
    this.statsMemo.set(key, stamp, made);
    // A failure is never kept: the next request asks again.
    made.catch(() => this.statsMemo.delete(key));
    return made;
  }
}

