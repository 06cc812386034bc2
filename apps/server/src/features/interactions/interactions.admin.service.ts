/**
 * 互动受理 (console): the queues of the staff member's site subtree, an item as staff see it, and
 * the actions. 审核通过 / 不予受理 / 转办 / 答复 go through the engine's one state machine
 * (`app.cases.act`); 同意公开 / 撤销公开 / 督办 are not moves of the case, they write the
 * interactions row and a timeline entry. An item outside the subtree is 404 everywhere, and the
 * attempt is audited as denied; every action and every full view is audited.
 */
import type { FastifyInstance } from 'fastify';
import {
  ADMIN_INTERACTION_ACTION_NAMES,
  INTERACTION_LIMITS,
  INTERACTION_STATUS_NAMES,
  INTERACTION_TYPES,
  INTERACTION_TYPE_NAMES,
  interactionWorkflowCode,
  maskFreeText,
  maskPhone,
  type AdminInteractionAction,
  type AdminInteractionActionBody,
  type AdminInteractionCounts,
  type AdminInteractionDetail,
  type AdminInteractionList,
  type AdminInteractionQuery,
  type AdminInteractionRow,
  type InteractionSettings,
  type InteractionSettingsSave,
  type InteractionStats,
  type InteractionStatsQuery,
  type InteractionType,
} from '@dz/contracts';
import { AppError, badRequest, forbidden, notFound } from '../../infra/errors.js';
import { nowIso } from '../../infra/time.js';
import { hasPermission, StaffAuditor, type Actor, type StaffContext } from '../admin-auth/staff-guard.js';
import { toCsv } from '../audit/audit.csv.js';
import type { StoredFile } from '../files/files.service.js';
import { INTERACTION_KIND, type CaseRow } from '../engine/cases/cases.repository.js';
import { actionName, offeredActions } from '../engine/cases/transition.js';
import { parseJson, timelineEntry } from '../engine/cases/timeline.js';
import { addWorkingDays } from '../engine/cases/working-days.js';
import type { CaseActor } from '../engine/cases/transition.js';
import type { InteractionRow } from './interactions.repository.js';
import { figuresOf, threadOf, type InteractionsService } from './interactions.service.js';

const SCOPE_404 = '该条互动不存在或不在您的管辖范围内';
const mayHandle = (s: StaffContext) => hasPermission(s, 'interaction:handle');
const maySupervise = (s: StaffContext) => hasPermission(s, 'interaction:supervise');
const OPEN = ['submitted', 'accepted'];

export class InteractionsAdminService {
  private readonly auditor: StaffAuditor;

  constructor(
    private readonly app: FastifyInstance,
    private readonly svc: InteractionsService,
  ) {
    this.auditor = new StaffAuditor(app.ctx.audit);
  }

  private get repo() {
    return this.svc.repo;
  }

  /** The sites a list covers: the asked site's subtree within the staff member's (403 outside it, audited). */
  async scopeSites(actor: Actor, site: string | undefined, action: string): Promise<string[]> {
    const staff = actor.staff;
    if (!mayHandle(staff) && !maySupervise(staff)) await this.auditor.deny(actor, { action, siteCode: staff.siteCode, summary: '缺少互动权限' }, forbidden());
    if (!site) return staff.siteCodes;
    await this.auditor.requireSite(actor, site, { action });
    const sub = await this.app.sites.subtree(site);
    return sub.filter((c) => staff.siteCodes.includes(c));
  }

  private bounds() {
    const now = nowIso();
    return { now, dueSoonBound: addWorkingDays(now, 2) };
  }

  private async siteNames(): Promise<Map<string, string>> {
    return new Map((await this.app.sites.list()).map((s) => [s.code, s.name]));
  }

  async list(actor: Actor, q: AdminInteractionQuery): Promise<AdminInteractionList> {
    const siteCodes = await this.scopeSites(actor, q.site, 'interaction.list');
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const { items, total } = await this.repo.list({ siteCodes, status: q.status, queue: q.queue, type: q.type, departmentId: q.departmentId, q: q.q, ...this.bounds() }, (page - 1) * pageSize, pageSize);
    const names = await this.siteNames();
    const now = nowIso();
    return {
      items: items.map(
        (r): AdminInteractionRow => ({
          id: Number(r.id),
          no: r.case_no,
          type: r.type,
          typeName: INTERACTION_TYPE_NAMES[r.type],
          title: r.title,
          status: r.status,
          statusName: INTERACTION_STATUS_NAMES[r.status],
          siteCode: r.site_code,
          siteName: names.get(r.site_code) ?? r.site_code,
          departmentId: r.department_id,
          departmentName: r.department_name ?? null,
          applicant: r.applicant_masked,
          deadline: r.deadline_at,
          overdue: r.status === 'accepted' && (Number(r.overdue) === 1 || (r.deadline_at != null && r.deadline_at < now)),
          escalated: r.escalated_at != null,
          followUp: r.followup_at != null && (r.replied_at == null || r.replied_at < r.followup_at),
          wantPublic: Number(r.want_public) === 1,
          published: r.publish_state === 'published',
          createdAt: r.submitted_at,
          updatedAt: r.updated_at,
        }),
      ),
      total,
      page,
      pageSize,
    };
  }

  async counts(actor: Actor, site: string | undefined): Promise<AdminInteractionCounts> {
    const siteCodes = await this.scopeSites(actor, site, 'interaction.list');
    const { now, dueSoonBound } = this.bounds();
    return this.repo.counts(siteCodes, now, dueSoonBound);
  }

  /** The item if this staff member may see it; otherwise the attempt is audited and the answer is 404. */
  private async visible(actor: Actor, id: number, action: string): Promise<{ row: CaseRow; i: InteractionRow }> {
    const row = await this.app.cases.get(id);
    const i = row && row.kind === INTERACTION_KIND && row.status !== 'draft' ? await this.repo.find(id) : undefined;
    if (!row || !i) throw notFound(SCOPE_404);
    if (!actor.staff.siteCodes.includes(row.site_code)) {
      await this.auditor.record(actor, { action, siteCode: row.site_code, objectType: 'interaction', objectId: id, summary: `越权访问站点 ${row.site_code} 的互动` }, 'denied');
      throw notFound(SCOPE_404);
    }
    if (!mayHandle(actor.staff) && !maySupervise(actor.staff)) await this.auditor.deny(actor, { action, siteCode: row.site_code, objectType: 'interaction', objectId: id, summary: '缺少互动权限' }, forbidden());
    return { row, i };
  }

  async detail(actor: Actor, id: number, full: boolean): Promise<AdminInteractionDetail> {
    const action = full ? 'interaction.view-full' : 'interaction.view';
    const { row, i } = await this.visible(actor, id, action);
    if (full && !hasPermission(actor.staff, 'case:pii'))
      await this.auditor.deny(actor, { action, siteCode: row.site_code, objectType: 'interaction', objectId: id, summary: '缺少权限 case:pii（查看完整个人信息）' }, forbidden('您没有查看完整个人信息的权限，如需开通请联系本级管理员'));
    const view = await this.view(actor.staff, row, i, full);
    await this.auditor.record(actor, { action, siteCode: row.site_code, objectType: 'interaction', objectId: id, summary: `${full ? '查看互动完整信息' : '查看互动'} ${row.case_no}` });
    return view;
  }

  /** The names masked in public text: the submitter's, and every staff member who answered or is answering. */
  private async maskNames(row: CaseRow, staffName: string | null): Promise<string[]> {
    const events = await this.app.cases.events(row.id);
    const staffNames = events.filter((e) => e.actor_type === 'staff' && e.actor_name).map((e) => e.actor_name!);
    return [await this.svc.userName(row.user_id), staffName, ...staffNames].filter((n): n is string => !!n);
  }

  private async view(staff: StaffContext, row: CaseRow, i: InteractionRow, full: boolean): Promise<AdminInteractionDetail> {
    const data = this.svc.dataOf(row);
    const [wf, events, ratings, names, siteNames, maskNames] = await Promise.all([
      this.app.workflows.version(row.workflow_code, row.workflow_site, row.workflow_version),
      this.app.cases.events(row.id),
      this.app.ratings.forCase(row.id),
      this.repo.departmentNames([i.department_id]),
      this.siteNames(),
      this.maskNames(row, staff.displayName || staff.username),
    ]);
    const eventDepts = await this.repo.departmentNames(events.map((e) => parseJson<Record<string, unknown>>(e.detail, {}).departmentId as number | null));
    const def = wf?.definition ?? null;
    const followUp = this.app.ctx.gm.decryptNullable(i.followup_enc);
    const thread = threadOf(data, i, events, followUp, { citizen: row.applicant_masked || '群众', department: (d) => (d == null ? null : (eventDepts.get(d) ?? null)) });
    const now = nowIso();
    // The engine's own table says what the step allows; 认领 is not a 互动 action.
    const ENGINE: readonly AdminInteractionAction[] = ['accept', 'reject', 'transfer', 'reply'];
    const actions: AdminInteractionAction[] = ENGINE.filter((a) => (offeredActions(row, def, staff.id, (p) => hasPermission(staff, p)) as string[]).includes(a));
    const replied = Number(i.reply_count) > 0;
    if (mayHandle(staff) && Number(i.want_public) === 1 && replied && i.publish_state !== 'published') actions.push('publish');
    if (mayHandle(staff) && i.publish_state === 'published') actions.push('unpublish');
    if (maySupervise(staff) && OPEN.includes(row.status)) actions.push('urge');
    const preview =
      i.publish_state === 'published'
        ? { title: i.public_title ?? '', content: i.public_content ?? '', reply: i.public_reply ?? '' }
        : { title: maskFreeText(data.title, maskNames).slice(0, 100), content: maskFreeText(data.content, maskNames), reply: maskFreeText(i.reply ?? '', maskNames) };
    return {
      id: row.id,
      no: row.case_no,
      type: i.type,
      typeName: INTERACTION_TYPE_NAMES[i.type],
      title: full ? data.title : row.title,
      status: row.status,
      statusName: INTERACTION_STATUS_NAMES[row.status],
      siteCode: row.site_code,
      siteName: siteNames.get(row.site_code) ?? row.site_code,
      departmentId: i.department_id,
      departmentName: i.department_id != null ? (names.get(i.department_id) ?? null) : null,
      applicant: full ? ((await this.svc.userName(row.user_id)) ?? row.applicant_masked) : row.applicant_masked,
      deadline: row.deadline_at,
      overdue: row.status === 'accepted' && (Number(row.overdue) === 1 || (row.deadline_at != null && row.deadline_at < now)),
      escalated: i.escalated_at != null,
      followUp: i.followup_at != null && (i.replied_at == null || i.replied_at < i.followup_at),
      wantPublic: Number(i.want_public) === 1,
      published: i.publish_state === 'published',
      createdAt: i.submitted_at,
      updatedAt: row.updated_at,
      content: data.content,
      phone: data.phone ? (full ? data.phone : maskPhone(data.phone)) : null,
      attachments: data.photos.map((f) => ({ id: f, url: `/api/admin/interactions/${row.id}/files/${f}` })),
      thread,
      timeline: events.map(timelineEntry),
      actions,
      version: Number(row.version),
      limitDays: def?.timeLimitDays ?? 0,
      publicPreview: preview,
      ratings,
    };
  }

  /** A photo of the item, to staff who may see it: it must be linked to the item's case. */
  async file(actor: Actor, id: number, fileId: string): Promise<StoredFile> {
    const { row } = await this.visible(actor, id, 'interaction.file');
    const linked = await this.app.fileLinks.linked('case', String(id));
    if (!linked.includes(fileId)) throw notFound('图片不存在或不属于该条互动');
    const f = await this.app.files.readOwned(row.user_id, fileId);
    await this.auditor.record(actor, { action: 'interaction.file', siteCode: row.site_code, objectType: 'interaction', objectId: id, summary: `查看互动 ${row.case_no} 的图片` });
    return f;
  }

  /** The department an item is sent to: one of the staff member's subtree (400 on the field otherwise). */
  private department(actor: Actor, id: number) {
    return this.svc.departmentIn(id, actor.staff.siteCodes, 'departmentId', '请选择本站点或下级站点的部门');
  }

  async act(actor: Actor, id: number, body: AdminInteractionActionBody): Promise<AdminInteractionDetail> {
    const { row, i } = await this.visible(actor, id, `interaction.${body.action}`);
    const staff = actor.staff;
    const name = staff.displayName || staff.username;
    const who: CaseActor = { type: 'staff', id: staff.id, name, staff };
    const audit = (summary: string, result: 'ok' | 'failed' = 'ok') => this.auditor.record(actor, { action: `interaction.${body.action}`, siteCode: row.site_code, objectType: 'interaction', objectId: id, summary: `${ADMIN_INTERACTION_ACTION_NAMES[body.action]} ${row.case_no}${summary ? `：${summary}` : ''}` }, result);
    try {
      await this.perform(actor, who, row, i, body);
    } catch (err) {
      await this.app.interactions.statsChanged();
      if (err instanceof AppError && err.statusCode >= 400 && err.statusCode < 500) await audit(err.message, 'failed');
      throw err;
    }
    await this.app.interactions.statsChanged();
    await audit((body.comment ?? body.reply ?? '').slice(0, 100));
    const after = (await this.app.cases.get(id))!;
    return this.view(staff, after, (await this.repo.find(id))!, false);
  }

  private async perform(actor: Actor, who: CaseActor, row: CaseRow, i: InteractionRow, body: AdminInteractionActionBody): Promise<void> {
    const staff = actor.staff;
    const now = nowIso();
    const stale = async () => {
      if (body.version !== undefined && body.version !== row.version) {
        const last = (await this.app.cases.events(row.id)).at(-1);
        throw new AppError(409, 'CASE_CONFLICT', `该条互动已由 ${row.last_actor ?? last?.actor_name ?? '他人'} ${actionName(last?.action ?? '')}，请刷新后查看`, { details: { version: row.version, status: row.status } });
      }
    };
    switch (body.action) {
      case 'accept':
      case 'transfer': {
        if (body.action === 'transfer' && !body.departmentId) throw badRequest('请选择转办部门', { departmentId: '请选择转办部门' });
        const dept = body.departmentId ? await this.department(actor, body.departmentId) : null;
        // A department of another site takes the item there: the case and its row move together.
        const set = dept ? { department_id: dept.id, ...(dept.site_code !== row.site_code ? { site_code: dept.site_code } : {}) } : undefined;
        await this.app.cases.act(row.id, body.action, who, {
          comment: body.comment ?? null,
          version: body.version,
          ...(dept ? { departmentId: dept.id, detail: { departmentId: dept.id, departmentName: dept.name } } : {}),
          ...(set ? { set } : {}),
        });
        if (dept) await this.repo.update(row.id, { department_id: dept.id, site_code: dept.site_code, updated_at: now });
        return;
      }
      case 'reject':
        await this.app.cases.act(row.id, 'reject', who, { comment: body.comment ?? null, version: body.version });
        await this.repo.update(row.id, { updated_at: now });
        return;
      case 'reply': {
        const reply = body.reply?.trim() ?? '';
        if (!reply) throw badRequest('请填写答复内容', { reply: '请填写答复内容' });
        if ([...reply].length > INTERACTION_LIMITS.replyMax) throw badRequest(`答复不能超过 ${INTERACTION_LIMITS.replyMax} 个字（现在 ${[...reply].length} 个）`, { reply: `答复不能超过 ${INTERACTION_LIMITS.replyMax} 个字` });
        if (body.publish && Number(i.want_public) !== 1) throw new AppError(409, 'NOT_PUBLIC', '群众未同意公开，不能公开答复');
        const deptId = (await this.repo.staffDepartment(staff.id))?.department_id ?? row.department_id;
        const deptName = deptId != null ? ((await this.repo.departmentNames([deptId])).get(deptId) ?? null) : null;
        await this.app.cases.act(row.id, 'reply', who, { comment: reply, version: body.version, detail: { departmentId: deptId, departmentName: deptName } });
        const at = nowIso();
        await this.repo.recordReply(row.id, { reply, departmentId: deptId, at, seconds: Math.max(0, Math.round((Date.parse(at) - Date.parse(i.submitted_at)) / 1000)) });
        if (body.publish) await this.publish(who, row.id, body.publicText);
        return;
      }
      case 'publish': {
        if (!mayHandle(staff)) throw forbidden();
        await stale();
        await this.publish(who, row.id, body.publicText);
        return;
      }
      case 'unpublish': {
        if (!mayHandle(staff)) throw forbidden();
        await stale();
        if (i.publish_state !== 'published') throw new AppError(409, 'NOT_PUBLISHED', '该条互动未公开');
        await this.repo.update(row.id, { publish_state: 'withdrawn', updated_at: now });
        await this.app.cases.event(row.id, { action: 'unpublish', actor: who, comment: body.comment ?? null });
        return;
      }
      case 'urge': {
        if (!maySupervise(staff)) throw forbidden('督办需要“互动督办”权限');
        await stale();
        const comment = body.comment?.trim();
        if (!comment) throw badRequest('请填写督办意见', { comment: '请填写督办意见' });
        if (!OPEN.includes(row.status)) throw new AppError(409, 'CASE_STATE', '该条互动已办结，无需督办');
        await this.app.cases.event(row.id, { action: 'urge', actor: who, comment });
        // A supervisor's 督办 makes it a 督办件 even before it is overdue: it joins the 督办 queue.
        await this.repo.update(row.id, { updated_at: now, ...(i.escalated_at ? {} : { escalated_at: now }) });
        return;
      }
    }
  }

  /**
   * 同意公开: only with the citizen's 公开 and a reply. The public text is written once, masked
   * (phones, ID numbers, names — the submitter's and the staff's); the staff's own edit is masked again.
   */
  private async publish(who: CaseActor, id: number, edit: AdminInteractionActionBody['publicText']): Promise<void> {
    const row = (await this.app.cases.get(id))!;
    const i = (await this.repo.find(id))!;
    if (Number(i.want_public) !== 1) throw new AppError(409, 'NOT_PUBLIC', '群众未同意公开，不能公开');
    if (Number(i.reply_count) === 0 || !i.reply) throw new AppError(409, 'NOT_REPLIED', '答复后才能公开');
    const names = await this.maskNames(row, who.name);
    const data = this.svc.dataOf(row);
    const pick = (given: string | undefined, original: string) => maskFreeText(given?.trim() ? given.trim() : original, names);
    const now = nowIso();
    await this.repo.update(id, {
      publish_state: 'published',
      public_title: pick(edit?.title, data.title).slice(0, 100),
      public_content: pick(edit?.content, data.content),
      public_reply: pick(edit?.reply, i.reply),
      published_at: now,
      updated_at: now,
    });
    await this.app.cases.event(id, { action: 'publish', actor: who });
  }

  // ---- 数据统计 and 设置 -------------------------------------------------------------------------

  private async site(code: string) {
    const s = (await this.app.sites.list()).find((x) => x.code === code);
    if (!s) throw notFound('站点不存在');
    return { code: s.code, name: s.name };
  }

  async stats(actor: Actor, q: InteractionStatsQuery, action = 'interaction.stats'): Promise<InteractionStats> {
    return (await this.aggregate(actor, q, action)).stats;
  }

  private async aggregate(actor: Actor, q: InteractionStatsQuery, action: string) {
    const siteCodes = await this.scopeSites(actor, q.site, action);
    return this.svc.aggregate(siteCodes, await this.site(q.site), q);
  }

  /** One line per month × type, then the totals per type and overall (UTF-8 BOM, Chinese headers). */
  async csv(actor: Actor, q: InteractionStatsQuery): Promise<{ filename: string; body: string }> {
    const { stats, monthType } = await this.aggregate(actor, q, 'interaction.stats.export');
    const cells = (f: ReturnType<typeof figuresOf>) => [f.submitted, f.replied, `${(f.replyRate * 100).toFixed(1)}%`, f.avgReplyHours ?? ''];
    const lines: unknown[][] = [];
    for (const [month, types] of monthType) for (const t of INTERACTION_TYPES) lines.push([month, INTERACTION_TYPE_NAMES[t], ...cells(figuresOf(types.get(t)!))]);
    for (const t of stats.byType) lines.push(['合计', t.typeName, ...cells(t)]);
    lines.push(['合计', '全部', ...cells(stats.total)]);
    await this.auditor.record(actor, { action: 'interaction.stats.export', siteCode: q.site, objectType: 'interaction', summary: `导出互动统计 ${stats.from} 至 ${stats.to}` });
    return { filename: `interactions-stats-${stats.site}-${stats.from}-${stats.to}.csv`, body: toCsv(['月份', '类型', '提交数', '已答复数', '答复率', '平均答复时长（小时）'], lines) };
  }

  async settings(actor: Actor, site: string): Promise<InteractionSettings> {
    const staff = actor.staff;
    if (!mayHandle(staff) && !maySupervise(staff) && !hasPermission(staff, 'content:write')) await this.auditor.deny(actor, { action: 'interaction.settings', siteCode: site }, forbidden());
    await this.auditor.requireSite(actor, site, { action: 'interaction.settings' });
    return this.readSettings(site);
  }

  private async readSettings(site: string): Promise<InteractionSettings> {
    const limits = {} as Record<InteractionType, number>;
    const inherited = {} as Record<InteractionType, boolean>;
    for (const t of INTERACTION_TYPES) {
      const wf = await this.app.workflows.resolve(interactionWorkflowCode(t), site);
      if (!wf) throw new AppError(500, 'WORKFLOW_MISSING', `“${INTERACTION_TYPE_NAMES[t]}”的办理流程不存在，请联系管理员`);
      limits[t] = wf.definition.timeLimitDays;
      inherited[t] = wf.siteCode !== site;
    }
    return { site, limits, inherited };
  }

  /** 答复时限: a new version of each changed workflow for the site (a county's first one overrides the city's). */
  async saveSettings(actor: Actor, body: InteractionSettingsSave): Promise<InteractionSettings> {
    await this.auditor.requirePermission(actor, 'content:write', { action: 'interaction.settings', siteCode: body.site });
    await this.auditor.requireSite(actor, body.site, { action: 'interaction.settings' });
    const changed: string[] = [];
    for (const t of INTERACTION_TYPES) {
      const wf = await this.app.workflows.resolve(interactionWorkflowCode(t), body.site);
      if (!wf) throw new AppError(500, 'WORKFLOW_MISSING', `“${INTERACTION_TYPE_NAMES[t]}”的办理流程不存在，请联系管理员`);
      const days = body.limits[t];
      if (wf.definition.timeLimitDays === days) continue;
      await this.app.workflows.publish(actor, { site: body.site, code: wf.code, name: wf.name, definition: { ...wf.definition, timeLimitDays: days }, note: `答复时限改为 ${days} 个工作日` });
      changed.push(`${INTERACTION_TYPE_NAMES[t]} ${wf.definition.timeLimitDays}→${days} 个工作日`);
    }
    await this.auditor.record(actor, { action: 'interaction.settings', siteCode: body.site, objectType: 'site', objectId: body.site, summary: changed.length ? `修改答复时限：${changed.join('；')}` : '保存答复时限（未变化）' });
    return this.readSettings(body.site);
  }
}
