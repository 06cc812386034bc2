/**
 * 资助政策 of 达州市 (issue 15 demo content): the national student-aid schemes as 达州 applies them,
 * across the five 学段, written the way a 教育局 notice is (资助对象, 资助标准, 申请程序, 咨询电话).
 * Doc numbers and phone numbers are demo values, marked 演示; one policy is expired so 已失效 shows.
 * Idempotent: a policy is inserted when its site has none of that title, never overwritten (an
 * operator may have edited it).
 */
import type { AidCategory } from '@dz/contracts';
import type { AppContext } from '../../../infra/context.js';
import { nowIso } from '../../../infra/time.js';
import { derived } from '../../../features/zones/education/aid-policies.service.js';

const SITE = '511700';
const ISSUER = '达州市教育局';

interface Seed {
  title: string;
  category: AidCategory;
  summary: string;
  docNo: string;
  from: string;
  to: string | null;
  /** Section bodies in order: 资助对象, 资助标准, 申请程序 (each a list of lines). */
  who: string[];
  amount: string[];
  how: string[];
  phone: string;
}

const POLICIES: Seed[] = [
  {
    title: '学前教育幼儿资助政策',
    category: 'preschool',
    summary: '经县级以上教育行政部门审批设立的普惠性幼儿园在园家庭经济困难儿童、孤儿和残疾儿童，按每生每年 1000 元标准给予资助。',
    docNo: '达市教〔2025〕12号（演示）',
    from: '2025-03-01',
    to: null,
    who: ['经县级以上教育行政部门审批设立的普惠性幼儿园（含公办园和普惠性民办园）在园幼儿中的家庭经济困难儿童', '孤儿、残疾儿童、烈士子女及农村低保家庭儿童优先资助'],
    amount: ['每生每年 1000 元，按学期发放，每学期 500 元', '同一幼儿同一学年只能享受一次'],
    how: ['每学期开学后 30 日内，由幼儿监护人向就读幼儿园提出申请，填写《学前教育资助申请表》', '幼儿园组织评审并在园内公示 5 个工作日', '县（市、区）学生资助管理中心审核后，资助资金直接打入幼儿监护人银行账户'],
    phone: '0818-2100001（演示）',
  },
  {
    title: '义务教育阶段农村学生营养改善计划',
    category: 'compulsory',
    summary: '达州市各县（市、区）农村义务教育阶段学校学生享受营养膳食补助，每生每天 5 元，按实际在校天数计算。',
    docNo: '达市教〔2025〕18号（演示）',
    from: '2025-09-01',
    to: null,
    who: ['纳入国家试点县范围的农村义务教育阶段学校（含县城学校）在校学生', '无需个人申请，按学籍信息统一纳入'],
    amount: ['每生每天 5 元，全年按 200 天在校天数计算，每生每年 1000 元', '以提供完整的午餐为主，不发放现金'],
    how: ['学校根据中国学生资助管理信息系统学籍信息确定受助名单', '学校食堂供餐，县（市、区）教育局按月核拨补助资金', '家长可向学校了解每日食谱和资金使用公示'],
    phone: '0818-2100002（演示）',
  },
  {
    title: '义务教育家庭经济困难学生生活补助',
    category: 'compulsory',
    summary: '义务教育阶段家庭经济困难寄宿生小学每生每年 1000 元、初中 1250 元，非寄宿生小学 500 元、初中 625 元。',
    docNo: '达市教〔2025〕19号（演示）',
    from: '2025-09-01',
    to: null,
    who: ['义务教育阶段在校就读的家庭经济困难学生，含寄宿生和非寄宿生', '脱贫家庭（含防返贫监测对象）学生、最低生活保障家庭学生、特困供养学生、孤残学生、烈士子女优先'],
    amount: ['寄宿生：小学每生每年 1000 元，初中每生每年 1250 元', '非寄宿生：小学每生每年 500 元，初中每生每年 625 元'],
    how: ['每学年秋季学期开学后，学生或监护人向学校提交申请及相关证明材料', '学校资助工作领导小组评审，班级和校内公示不少于 5 个工作日', '县（市、区）学生资助管理中心审核，资金通过银行卡发放到学生或监护人账户'],
    phone: '0818-2100003（演示）',
  },
  {
    title: '普通高中国家助学金',
    category: 'high-school',
    summary: '普通高中在校家庭经济困难学生享受国家助学金，平均资助标准每生每年 2000 元，分档发放。',
    docNo: '达市教〔2025〕21号（演示）',
    from: '2025-09-01',
    to: null,
    who: ['具有正式注册学籍的普通高中在校生中的家庭经济困难学生', '脱贫家庭学生、低保家庭学生、特困供养学生、孤儿、残疾学生等特殊困难学生全部纳入'],
    amount: ['平均资助标准每生每年 2000 元，可分为 1500 元至 2500 元两至三档', '按学期发放，每学期发放一半'],
    how: ['每学年秋季学期开学后 30 日内，学生向学校提出申请，填写《普通高中国家助学金申请表》', '学校组织认定和评审，公示 5 个工作日无异议后报县（市、区）学生资助管理中心', '资金按学期打入学生本人银行卡'],
    phone: '0818-2100004（演示）',
  },
  {
    title: '普通高中免除学杂费政策',
    category: 'high-school',
    summary: '对公办普通高中建档立卡等家庭经济困难学生（含非建档立卡的家庭经济困难残疾学生、农村低保家庭学生、农村特困救助供养学生）免除学杂费。',
    docNo: '达市教〔2025〕22号（演示）',
    from: '2025-09-01',
    to: null,
    who: ['公办普通高中具有正式注册学籍的脱贫家庭学生（含防返贫监测对象）', '非脱贫家庭的家庭经济困难残疾学生、农村低保家庭学生、农村特困救助供养学生'],
    amount: ['免除学费和住宿费等学杂费，标准按省定收费标准执行', '民办普通高中受助学生按同类公办学校免除标准给予补助，差价部分由学校按规定收取'],
    how: ['学生入学时向学校提交免学杂费申请及身份证明材料', '学校审核并公示，报县（市、区）教育、财政部门审定', '学校不向受助学生收取学杂费，免除资金由财政拨付学校'],
    phone: '0818-2100005（演示）',
  },
  {
    title: '中等职业教育国家助学金',
    category: 'vocational',
    summary: '中等职业学校全日制正式学籍一、二年级在校涉农专业学生和非涉农专业家庭经济困难学生，每生每年 2300 元。',
    docNo: '达市教〔2025〕25号（演示）',
    from: '2025-09-01',
    to: null,
    who: ['中等职业学校（含技工学校）全日制正式学籍一、二年级在校涉农专业学生', '一、二年级非涉农专业家庭经济困难学生；六盘山区等连片特困地区和国家规定地区学生全部纳入'],
    amount: ['每生每年 2300 元，按学期发放', '三年级学生原则上通过顶岗实习获得报酬，不再享受国家助学金'],
    how: ['新学年开学后 30 日内，学生向学校提出申请并提交家庭经济困难认定材料', '学校评审、公示后报主管部门审核', '资金通过学生资助卡按学期发放到学生本人'],
    phone: '0818-2100006（演示）',
  },
  {
    title: '中等职业教育免学费政策',
    category: 'vocational',
    summary: '对中等职业学校全日制正式学籍一、二、三年级在校生中所有农村（含县镇）学生、城市涉农专业学生和家庭经济困难学生免除学费。',
    docNo: '达市教〔2025〕26号（演示）',
    from: '2025-09-01',
    to: null,
    who: ['公办中等职业学校全日制正式学籍一、二、三年级在校生中所有农村（含县镇）学生、城市涉农专业学生和家庭经济困难学生', '艺术类相关表演专业学生除外'],
    amount: ['公办学校按省定学费标准免除，每生每年 2000 元左右', '经审批的民办学校按同类公办学校免学费标准给予补助'],
    how: ['学生入学注册时提交户籍或家庭经济困难证明材料', '学校审核公示后报县（市、区）学生资助管理中心', '免学费资金由财政直接拨付学校，学校不再向受助学生收取学费'],
    phone: '0818-2100007（演示）',
  },
  {
    title: '生源地信用助学贷款',
    category: 'higher',
    summary: '达州籍家庭经济困难的全日制普通高校新生和在校生，可在户籍所在县（市、区）申请生源地信用助学贷款，本专科生每人每年不超过 20000 元。',
    docNo: '达市教〔2025〕31号（演示）',
    from: '2025-07-01',
    to: null,
    who: ['户籍在达州市、被全日制普通高校（含本专科生、研究生、第二学士学位）正式录取或在读的家庭经济困难学生', '学生和共同借款人（父母或其他法定监护人）须具有完全民事行为能力'],
    amount: ['全日制普通本专科学生每人每年申请贷款额度不超过 20000 元，研究生不超过 25000 元', '在校学习期间利息由财政全额补贴；贷款期限为学制加 15 年，最长不超过 22 年'],
    how: ['首次申请：登录国家开发银行生源地信用助学贷款系统注册并填写申请信息，打印申请表', '学生和共同借款人携带身份证、户口簿、录取通知书到户籍所在县（市、区）学生资助管理中心现场办理', '续贷：在系统中提交续贷申请，由学校资助中心确认后放款'],
    phone: '0818-2100008（演示）',
  },
  {
    title: '高校新生入学资助项目',
    category: 'higher',
    summary: '达州籍家庭经济困难高校新生，省内院校每人一次性 500 元、省外院校每人一次性 1000 元，用于入学报到的交通费和入学后短期生活费。',
    docNo: '达市教〔2025〕32号（演示）',
    from: '2025-07-15',
    to: '2025-10-31',
    who: ['达州籍当年被全日制普通高校录取的家庭经济困难新生', '脱贫家庭学生、低保家庭学生、孤残学生、烈士子女优先'],
    amount: ['录取到省内院校的新生每人 500 元，省外院校每人 1000 元', '一次性发放'],
    how: ['新生持录取通知书、身份证及家庭经济困难证明，在规定时间内向户籍所在县（市、区）学生资助管理中心申请', '县级资助中心审核并公示 5 个工作日', '资金打入新生本人银行卡，申请截止日期以当年通知为准'],
    phone: '0818-2100009（演示）',
  },
  {
    title: '2024年秋季学期普通高中国家助学金发放通知',
    category: 'high-school',
    summary: '2024 年秋季学期普通高中国家助学金的申请与发放安排（已过期，仅供查阅）。',
    docNo: '达市教〔2024〕47号（演示）',
    from: '2024-09-01',
    to: '2025-01-31',
    who: ['2024 年秋季学期在校的普通高中家庭经济困难学生'],
    amount: ['按每生每学期 1000 元平均标准分档发放'],
    how: ['学生于 2024 年 9 月 30 日前向学校提交申请', '学校评审公示后报送县级资助中心', '资金于 2024 年 12 月底前发放到位'],
    phone: '0818-2100004（演示）',
  },
];

function bodyOf(p: Seed): string {
  const list = (lines: string[]) => `<ul>${lines.map((l) => `<li>${l}</li>`).join('')}</ul>`;
  return [
    `<p>${p.summary}</p>`,
    `<h3>资助对象</h3>${list(p.who)}`,
    `<h3>资助标准</h3>${list(p.amount)}`,
    `<h3>申请程序</h3><ol>${p.how.map((l) => `<li>${l}</li>`).join('')}</ol>`,
    `<h3>咨询电话</h3><p>${ISSUER}学生资助管理中心：${p.phone}（工作日 9:00—12:00，14:00—17:30）</p>`,
    '<p><em>本页所列文号、电话为演示数据，实际以教育部门正式发布为准。</em></p>',
  ].join('');
}

export async function seedAidPolicies(ctx: AppContext): Promise<void> {
  const have = new Set((await ctx.db.selectFrom('aid_policies').select('title').where('site_code', '=', SITE).execute()).map((r) => r.title));
  const now = nowIso();
  for (const p of POLICIES) {
    if (have.has(p.title)) continue;
    await ctx.db
      .insertInto('aid_policies')
      .values({
        site_code: SITE,
        category: p.category,
        summary: p.summary,
        issuer: ISSUER,
        doc_no: p.docNo,
        effective_from: p.from,
        effective_to: p.to,
        attachment_file_ids: '[]',
        published: 1,
        updated_by: 'seed',
        created_at: now,
        updated_at: now,
        title: p.title,
        ...derived(p.title, bodyOf(p)),
      })
      .execute();
  }
}
