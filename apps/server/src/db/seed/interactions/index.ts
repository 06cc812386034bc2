/**
 * Seeds 互动 (issue 11): the forms and workflows `interaction-<type>` at the city (counties inherit
 * them), and — in the embedded (demo) profile — a few items of each type in various states so
 * 我的回复, 答复公开 and 数据统计 are not empty. Idempotent like the rest of the seed: forms and
 * workflows are inserted when missing (never touching an operator's version), the demo items once
 * (recognised by their fixed numbers).
 *
 * The demo items are dated in the past (days to months ago): the citizen's daily limit and the
 * 24-hour duplicate check count only today's and yesterday's, so the demo never blocks a new one.
 */
import {
  INTERACTION_DEFAULT_DAYS,
  INTERACTION_KIND,
  INTERACTION_TYPES,
  INTERACTION_TYPE_NAMES,
  interactionFormCode,
  interactionWorkflowCode,
  maskFreeText,
  maskName,
  type CaseStatus,
  type FormField,
  type InteractionType,
  type WorkflowDefinition,
} from '@dz/contracts';
import type { Kysely } from 'kysely';
import type { DB } from '../../schema.js';
import type { AppContext } from '../../../infra/context.js';
import { nowIso } from '../../../infra/time.js';
import { addWorkingDays } from '../../../features/engine/cases/working-days.js';

/** Where the forms and workflows live: the city; counties inherit them. */
export const INTERACTION_SITE = '511700';
const SEED_ACTOR = 'seed';
const DEMO_PHONE = '13900000001';

export const INTERACTION_FIELDS: FormField[] = [
  { key: 'title', label: '标题', type: 'text', required: true, minLength: 4, maxLength: 50 },
  { key: 'content', label: '具体内容', type: 'textarea', required: true, minLength: 10, maxLength: 1000 },
  { key: 'photos', label: '图片', type: 'image', accept: 'image', max: 9 },
  { key: 'phone', label: '联系电话', type: 'phone' },
  {
    key: 'public',
    label: '是否公开',
    type: 'radio',
    required: true,
    options: [
      { value: '是', label: '是' },
      { value: '否', label: '否' },
    ],
  },
];

export function interactionWorkflow(type: InteractionType, days = INTERACTION_DEFAULT_DAYS[type]): WorkflowDefinition {
  return {
    kind: 'promise',
    timeLimitDays: days,
    steps: [
      { key: 'review', name: '审核', permission: 'interaction:handle', actions: ['accept', 'reject', 'transfer'] },
      { key: 'reply', name: '答复', permission: 'interaction:handle', actions: ['reply', 'transfer'] },
    ],
  };
}

async function seedDefinitions(db: Kysely<DB>, now: string): Promise<void> {
  const codes = INTERACTION_TYPES.map(interactionFormCode);
  const haveForms = new Set((await db.selectFrom('form_defs').select('code').where('site_code', '=', INTERACTION_SITE).where('code', 'in', codes).execute()).map((r) => r.code));
  const wfCodes = INTERACTION_TYPES.map(interactionWorkflowCode);
  const haveWorkflows = new Set((await db.selectFrom('workflows').select('code').where('site_code', '=', INTERACTION_SITE).where('code', 'in', wfCodes).execute()).map((r) => r.code));
  const missing = INTERACTION_TYPES.filter((t) => !haveForms.has(interactionFormCode(t)) || !haveWorkflows.has(interactionWorkflowCode(t)));
  if (!missing.length) return;
  await db.transaction().execute(async (trx) => {
    for (const t of missing) {
      const name = `我要${INTERACTION_TYPE_NAMES[t]}`;
      if (!haveWorkflows.has(interactionWorkflowCode(t)))
        await trx
          .insertInto('workflows')
          .values({ code: interactionWorkflowCode(t), site_code: INTERACTION_SITE, version: 1, name: `${name}答复流程`, definition: JSON.stringify(interactionWorkflow(t)), note: '初始版本（系统预置）', created_at: now, created_by: SEED_ACTOR })
          .execute();
      if (!haveForms.has(interactionFormCode(t))) {
        await trx
          .insertInto('form_defs')
          .values({ code: interactionFormCode(t), site_code: INTERACTION_SITE, title: name, description: `群众${INTERACTION_TYPE_NAMES[t]}（互动）`, workflow_code: interactionWorkflowCode(t), item_id: null, department_id: null, status: 'online', draft_fields: null, latest_version: 1, updated_at: now, updated_by: SEED_ACTOR })
          .execute();
        await trx
          .insertInto('form_versions')
          .values({ form_code: interactionFormCode(t), site_code: INTERACTION_SITE, version: 1, title: name, fields: JSON.stringify(INTERACTION_FIELDS), note: '初始版本（系统预置）', created_at: now, created_by: SEED_ACTOR })
          .execute();
      }
    }
  });
}

interface DemoItem {
  no: string;
  type: InteractionType;
  title: string;
  content: string;
  dept: string | null;
  daysAgo: number;
  status: CaseStatus;
  reply?: string;
  replyAfterHours?: number;
  wantPublic: boolean;
  published?: boolean;
}

const DEMO: DemoItem[] = [
  {
    no: 'HD20260001DEMO01',
    type: 'consult',
    title: '新生儿落户需要准备哪些材料',
    content: '我家孩子上个月在达州市中心医院出生，想咨询办理户口登记需要带哪些材料，父母双方都要到场吗？我的电话13912345678。',
    dept: 'SGA',
    daysAgo: 40,
    status: 'completed',
    reply: '您好：新生儿出生登记需携带《出生医学证明》、父母双方居民户口簿和居民身份证、结婚证，由父母一方到户籍所在地派出所或政务服务中心公安窗口办理即可，无需双方同时到场。',
    replyAfterHours: 20,
    wantPublic: true,
    published: true,
  },
  {
    no: 'HD20260001DEMO02',
    type: 'complain',
    title: '小区门口占道经营噪音扰民',
    content: '通川区朝阳东路某小区门口每天晚上十点以后仍有烧烤摊占道经营，噪音很大影响休息，希望有关部门管一管。我是张三，住在附近。',
    dept: 'SSTHJ',
    daysAgo: 25,
    status: 'completed',
    reply: '您好：接到您的反映后，我局已会同属地街道对该路段开展夜间巡查，责令相关摊点入室经营并在 22:00 前停止营业，后续将持续巡查。感谢您的监督。',
    replyAfterHours: 52,
    wantPublic: true,
    published: true,
  },
  {
    no: 'HD20260001DEMO03',
    type: 'suggest',
    title: '建议政务中心增加周末服务窗口',
    content: '上班族工作日很难请假办事，建议市政务服务中心周六上午开放部分综合受理窗口，方便群众办理常见事项。',
    dept: 'SZFW',
    daysAgo: 12,
    status: 'accepted',
    wantPublic: true,
  },
  {
    no: 'HD20260001DEMO04',
    type: 'consult',
    title: '公积金提取到账需要多长时间',
    content: '我上周在网上申请了住房公积金提取，请问一般多少个工作日能到账？现在显示审核中。',
    dept: 'SGJJ',
    daysAgo: 6,
    status: 'submitted',
    wantPublic: false,
  },
  {
    no: 'HD20260001DEMO05',
    type: 'complain',
    title: '社保卡补办进度查询不到',
    content: '两周前在人社局窗口补办了社保卡，工作人员说十个工作日可以领取，但现在网上查不到任何进度，电话也一直打不通。',
    dept: 'SRS',
    daysAgo: 9,
    status: 'completed',
    reply: '您好：经核实，您的社保卡已于本周制卡完成，可携带身份证到市人社局社保卡服务窗口领取。给您带来不便，敬请谅解。',
    replyAfterHours: 30,
    wantPublic: false,
  },
  {
    no: 'HD20260001DEMO06',
    type: 'suggest',
    title: '建议公交站牌增加实时到站信息',
    content: '达州大道沿线很多公交站牌没有电子屏，等车不知道还要多久，建议逐步增加实时到站显示或二维码查询。',
    dept: null,
    daysAgo: 70,
    status: 'rejected',
    wantPublic: false,
  },
];

/** The demo citizen's items (embedded profile only), inserted once. */
async function seedDemo(ctx: AppContext): Promise<void> {
  const { db, gm } = ctx;
  const have = await db.selectFrom('cases').select('id').where('case_no', '=', DEMO[0]!.no).executeTakeFirst();
  if (have) return;
  const user = await db.selectFrom('users').select(['id', 'name_enc']).where('phone_idx', '=', gm.blindIndex('phone', DEMO_PHONE)).executeTakeFirst();
  if (!user) return;
  const name = gm.decryptNullable(user.name_enc);
  const depts = new Map((await db.selectFrom('departments').select(['id', 'code']).where('site_code', '=', INTERACTION_SITE).execute()).map((d) => [d.code, Number(d.id)]));
  const workflows = await db.selectFrom('workflows').select(['code', 'version']).where('site_code', '=', INTERACTION_SITE).where('code', 'in', INTERACTION_TYPES.map(interactionWorkflowCode)).execute();
  const versionOf = (t: InteractionType) => Math.max(1, ...workflows.filter((w) => w.code === interactionWorkflowCode(t)).map((w) => Number(w.version)));
  const at = (ms: number) => new Date(ms).toISOString();
  await db.transaction().execute(async (trx) => {
    for (const d of DEMO) {
      const submitted = Date.now() - d.daysAgo * 86_400_000;
      const accepted = submitted + 2 * 3_600_000;
      const replied = d.replyAfterHours ? submitted + d.replyAfterHours * 3_600_000 : null;
      const deptId = d.dept ? (depts.get(d.dept) ?? null) : null;
      const days = INTERACTION_DEFAULT_DAYS[d.type];
      const open = d.status === 'accepted';
      const data = { title: d.title, content: d.content, photos: [], phone: DEMO_PHONE, public: d.wantPublic ? '是' : '否' };
      const ended = d.status === 'completed' || d.status === 'rejected' ? at(replied ?? accepted) : null;
      const res = await trx
        .insertInto('cases')
        .values({
          case_no: d.no,
          user_id: Number(user.id),
          site_code: INTERACTION_SITE,
          kind: INTERACTION_KIND,
          title: maskFreeText(d.title, [name]),
          status: d.status,
          form_code: interactionFormCode(d.type),
          form_site: INTERACTION_SITE,
          form_version: 1,
          workflow_code: interactionWorkflowCode(d.type),
          workflow_site: INTERACTION_SITE,
          workflow_version: versionOf(d.type),
          step_index: d.status === 'submitted' || d.status === 'rejected' ? 0 : 1,
          step_key: d.status === 'submitted' || d.status === 'rejected' ? 'review' : 'reply',
          data_enc: gm.encrypt(JSON.stringify(data)),
          applicant_masked: name ? maskName(name) : '',
          applicant_name_bidx: name ? gm.blindIndex('name', name) : null,
          applicant_id_bidx: null,
          applicant_phone_bidx: gm.blindIndex('phone', DEMO_PHONE),
          department_id: deptId,
          parent_id: null,
          part_code: null,
          deadline_at: open ? addWorkingDays(at(accepted), days) : null,
          clock_started_at: open ? at(accepted) : null,
          accepted_at: d.status === 'submitted' || d.status === 'rejected' ? null : at(accepted),
          completed_at: ended,
          submitted_at: at(submitted),
          created_at: at(submitted),
          updated_at: at(replied ?? accepted),
          last_actor: SEED_ACTOR,
        })
        .executeTakeFirstOrThrow();
      const id = Number(res.insertId);
      const ev = (action: string, from: CaseStatus | null, to: CaseStatus | null, ms: number, comment: string | null, actor: 'citizen' | 'staff', step: string | null, detail: Record<string, unknown> | null = null) => ({
        case_id: id,
        action,
        from_status: from,
        to_status: to,
        step_name: step,
        actor_type: actor,
        actor_id: actor === 'citizen' ? Number(user.id) : null,
        actor_name: actor === 'citizen' ? '申请人' : '工作人员',
        comment,
        detail: detail ? JSON.stringify(detail) : null,
        created_at: at(ms),
      });
      const events = [ev('submit', null, null, submitted, null, 'citizen', null)];
      if (d.status === 'rejected') events.push(ev('reject', 'submitted', 'rejected', accepted, '该建议不属于本平台受理范围，请向公交运营企业反映（服务热线 12345 可转接）。', 'staff', '审核'));
      if (d.status === 'accepted' || d.status === 'completed') events.push(ev('accept', 'submitted', 'accepted', accepted, null, 'staff', '审核', deptId ? { departmentId: deptId } : null));
      if (d.status === 'completed' && replied) events.push(ev('reply', 'accepted', 'completed', replied, d.reply ?? '', 'staff', '答复', deptId ? { departmentId: deptId } : null));
      await trx.insertInto('case_events').values(events).execute();
      await trx
        .insertInto('interactions')
        .values({
          case_id: id,
          type: d.type,
          site_code: INTERACTION_SITE,
          department_id: deptId,
          month: new Date(submitted + 8 * 3_600_000).toISOString().slice(0, 7),
          want_public: d.wantPublic ? 1 : 0,
          publish_state: d.published ? 'published' : 'none',
          public_title: d.published ? maskFreeText(d.title, [name]) : null,
          public_content: d.published ? maskFreeText(d.content, [name]) : null,
          public_reply: d.published && d.reply ? maskFreeText(d.reply, [name]) : null,
          published_at: d.published && replied ? at(replied + 3_600_000) : null,
          reply: d.reply ?? null,
          reply_department_id: d.reply ? deptId : null,
          replied_at: replied ? at(replied) : null,
          reply_seconds: replied ? Math.round((replied - submitted) / 1000) : null,
          reply_count: d.reply ? 1 : 0,
          reply_unread: d.no === 'HD20260001DEMO05' ? 1 : 0,
          followup_enc: null,
          followup_at: null,
          escalated_at: null,
          submitted_at: at(submitted),
          updated_at: at(replied ?? accepted),
        })
        .execute();
    }
  });
}

export async function seedInteractions(ctx: AppContext): Promise<void> {
  await seedDefinitions(ctx.db, nowIso());
  if (ctx.config.profile === 'embedded') await seedDemo(ctx);
}
