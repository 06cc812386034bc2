/**
 * 常见问题 and 答复模板 of the 互动 channel. The answers are general guidance (how and where, not
 * figures that change every year) and each says it is demo data; the only phone number is the
 * 12345 government hotline. Like the rest of the seed it runs at every start and inserts only what
 * is missing — FAQs by (site, question), templates by (site, department, title) — so an
 * operator's edits and deletions of other rows survive restarts.
 */
import type { AppContext } from '../../../infra/context.js';
import { nowIso } from '../../../infra/time.js';
import { pinyinForms } from '../../../features/search/search-index.js';

const DEMO = '（演示数据，具体以主管部门最新规定为准。）';

export interface SeedFaq {
  site: string;
  category: string;
  question: string;
  answer: string;
}

const city = (category: string, question: string, answer: string): SeedFaq => ({ site: '511700', category, question, answer: `${answer}${DEMO}` });

export const SEED_FAQS: SeedFaq[] = [
  city('社保', '如何打印社保参保证明？', '登录后在“掌上办”中选择“社保参保证明打印”，确认个人信息后即可生成带电子签章的参保证明，可下载或出示二维码供单位核验。也可到各级政务服务中心人社窗口或社保自助终端打印。'),
  city('社保', '灵活就业人员如何参加职工养老保险？', '本市户籍或持有本市居住证的灵活就业人员，可携带身份证到参保地社保经办窗口办理参保登记，登记后按年度缴费基数档次自主选择缴费。缴费可通过税务部门的线上渠道或银行柜台完成。'),
  city('社保', '换工作后社保关系需要转移吗？', '在本市范围内更换单位的，由新单位办理增员即可，个人账户自动接续。跨省、跨市流动的，可在新参保地申请养老保险关系转移接续，原参保地核实后转出，无需本人往返两地。'),
  city('社保', '医保报销需要准备哪些材料？', '在定点医疗机构就医的，出院时直接刷医保卡或医保电子凭证结算，无需另行报销。异地就医未能直接结算的，一般需提供身份证件、医疗费用发票、费用清单、出院记录等，到参保地医保经办机构申请零星报销。'),
  city('公积金', '住房公积金提取需要什么条件？', '购买、建造、翻建、大修自住住房，偿还住房贷款本息，租房自住，离退休，出境定居等情形可以申请提取住房公积金。不同情形所需材料不同，可在“掌上办”的“住房公积金提取”中查看并在线申请。'),
  city('公积金', '租房提取公积金每年可以提取几次？', '租房提取一般按年度办理，每年可申请一次，提取额度以当年政策公布的标准为准。无房职工租住商品住房的，可凭租赁合同或租赁备案信息申请。'),
  city('公积金', '如何查询住房公积金账户余额？', '登录后在“公积金服务”专区选择“账户信息”即可查看账户余额、缴存基数和最近缴存记录；也可以通过住房公积金管理中心的官方渠道查询。'),
  city('公积金', '公积金贷款额度怎么计算？', '贷款额度与借款人及配偶的账户余额、缴存时间、还款能力、所购住房价格等相关，且不超过当期最高贷款额度。具体可在公积金服务专区使用贷款试算，或到管理中心窗口咨询。'),
  city('户籍', '新生儿怎么办理户口登记？', '新生儿出生后，可通过“新生儿出生一件事”一次申请出生医学证明、户口登记、医保参保等事项。需准备父母身份证件、户口簿、结婚证和出生医学证明等材料。'),
  city('户籍', '身份证丢了如何补办？', '居民身份证丢失后，本人应尽快到户籍所在地或居住地的公安机关户政窗口申请补领，现场采集照片和指纹。在领取新证前如需临时使用，可申请办理临时居民身份证。'),
  city('户籍', '居住证怎么办理？', '离开常住户口所在地到本市居住半年以上，并有合法稳定就业、住所或连续就读的，可以申请居住证。可在“掌上办”中在线提交申请，按提示到居住地派出所采集信息后领取。'),
  city('户籍', '迁移户口需要哪些材料？', '户口迁移一般需要本人身份证件、户口簿以及符合迁入条件的证明材料（如房屋产权证明、就业或投靠亲属证明等）。省内迁移已实现“一站式”办理，只需到迁入地户政窗口申请。'),
  city('不动产', '如何查询名下的不动产登记信息？', '登录后在“不动产服务”专区选择“不动产登记查询”，实名认证后可以查询本人名下的不动产登记信息。也可以携带身份证到不动产登记中心窗口或自助查询机查询。'),
  city('不动产', '二手房过户需要办理哪些手续？', '二手房交易一般需要买卖双方身份证件、不动产权证书、买卖合同、完税凭证等材料，到不动产登记中心办理转移登记，交易、缴税和登记已实行“一窗受理”。'),
  city('不动产', '房屋抵押贷款还清后如何注销抵押？', '贷款结清后，由抵押权人（一般为贷款银行）出具注销抵押申请材料，与抵押人共同或由抵押权人单方申请办理抵押权注销登记，部分银行已支持线上申请。'),
  city('水电气', '水费可以在手机上缴纳吗？', '可以。在“水电服务”专区选择“水费缴纳”，输入户号并绑定后即可查看账单并在线缴费，缴费成功后可在缴费记录中查看凭证。'),
  city('水电气', '新房怎么申请通燃气？', '在“燃气服务”专区选择“燃气报装”，填写房屋地址、联系人和户型信息并上传房屋证明材料，燃气公司受理后会联系您预约现场勘察和安装。'),
  city('水电气', '家里停水停电了向哪里反映？', '可先查看供水、供电企业发布的计划停水停电公告；非计划停水停电的，可拨打 12345 政务服务便民热线反映，也可以在“互动”中通过“我要咨询”提交。'),
  city('账号与实名', '为什么要进行实名认证？', '办理政务服务事项需要确认申请人身份。完成实名认证后，可以在线办理更多事项，申请表中的姓名、身份证号等信息也会自动填写，减少重复录入。'),
  city('账号与实名', '忘记登录密码怎么办？', '在登录页点击“忘记密码”，通过注册手机号接收短信验证码后即可重新设置密码。如手机号已不再使用，请携带身份证到政务服务中心窗口办理更换。'),
  city('账号与实名', '如何注销账号？', '登录后进入“我的”-“个人信息”，点击页面底部的“账号注销”并按提示确认。注销后账号信息将无法恢复，请先确认没有正在办理的事项。'),
  {
    site: '511702',
    category: '户籍',
    question: '通川区户籍业务在哪里办理？',
    answer: `通川区户籍业务可到通川区政务服务中心公安户政窗口或户籍所在地派出所办理，部分业务可在“掌上办”中在线申请。办理前可拨打 12345 咨询所需材料。${DEMO}`,
  },
  {
    site: '511702',
    category: '社保',
    question: '通川区城乡居民养老保险怎么缴费？',
    answer: `通川区城乡居民基本养老保险按年度缴费，可通过税务部门的线上缴费渠道、银行柜台或所在村（社区）便民服务点缴纳，缴费档次可自主选择。${DEMO}`,
  },
];

export interface SeedTemplate {
  site: string;
  /** Department code within the site, or null for every department of the site. */
  department: string | null;
  title: string;
  body: string;
}

export const SEED_REPLY_TEMPLATES: SeedTemplate[] = [
  {
    site: '511700',
    department: null,
    title: '受理告知',
    body: '您好！您反映的问题已收到并受理，我们将按规定时限办理并及时答复您，请留意消息通知。感谢您对我们工作的关心和支持！',
  },
  {
    site: '511700',
    department: null,
    title: '已转办告知',
    body: '您好！经核实，您反映的问题属于其他部门职责范围，我们已转交相关部门办理，后续将由承办部门答复您。感谢您的理解与支持！',
  },
  {
    site: '511700',
    department: null,
    title: '咨询答复通用',
    body: '您好！关于您咨询的问题，答复如下：\n\n如仍有疑问，可拨打 12345 政务服务便民热线咨询。感谢您的来信！',
  },
  {
    site: '511700',
    department: 'SZJ',
    title: '物业纠纷答复',
    body: '您好！关于您反映的物业服务问题，我局已责成所在街道及物业服务企业核实处理。物业服务纠纷可先与业主委员会、物业服务企业协商，协商不成的可向所在街道（乡镇）物业管理部门申请调解。感谢您的监督！',
  },
  {
    site: '511700',
    department: 'SZJ',
    title: '房屋质量投诉答复',
    body: '您好！关于您反映的房屋质量问题，我局已通知建设单位限期核查并整改，整改情况将纳入企业信用管理。保修期内的质量问题由建设单位负责维修，如有进展我们将及时告知您。',
  },
];

const key = (...parts: (string | number | null)[]) => parts.map((p) => (p === null ? '' : String(p))).join('\u0000');

export async function seedFaqs(ctx: AppContext): Promise<void> {
  const { db } = ctx;
  const now = nowIso();
  const sites = [...new Set([...SEED_FAQS.map((f) => f.site), ...SEED_REPLY_TEMPLATES.map((t) => t.site)])];

  const haveFaqs = new Set((await db.selectFrom('faqs').select(['site_code', 'question']).where('site_code', 'in', sites).execute()).map((r) => key(r.site_code, r.question)));
  const missingFaqs = SEED_FAQS.filter((f) => !haveFaqs.has(key(f.site, f.question)));
  if (missingFaqs.length) {
    await db
      .insertInto('faqs')
      .values(
        missingFaqs.map((f) => {
          const forms = pinyinForms(f.question);
          return {
            site_code: f.site,
            category: f.category,
            question: f.question,
            answer: f.answer,
            question_py: forms.py,
            question_ini: forms.ini,
            // Seed order within a site is the display order (spaced by 10 so an operator can slot one in).
            sort: SEED_FAQS.filter((x) => x.site === f.site).indexOf(f) * 10,
            published: 1,
            source_case_id: null,
            views: 0,
            created_at: now,
            updated_at: now,
            updated_by: 'seed',
          };
        }),
      )
      .execute();
  }

  const departments = new Map((await db.selectFrom('departments').select(['id', 'site_code', 'code']).where('site_code', 'in', sites).execute()).map((d) => [key(d.site_code, d.code), d.id]));
  const haveTemplates = new Set(
    (await db.selectFrom('reply_templates').select(['site_code', 'department_id', 'title']).where('site_code', 'in', sites).execute()).map((r) => key(r.site_code, r.department_id, r.title)),
  );
  const missingTemplates = SEED_REPLY_TEMPLATES.flatMap((t) => {
    const departmentId = t.department === null ? null : departments.get(key(t.site, t.department));
    // A department an operator deleted takes its seeded templates with it.
    if (departmentId === undefined) return [];
    if (haveTemplates.has(key(t.site, departmentId, t.title))) return [];
    return [{ site_code: t.site, department_id: departmentId, title: t.title, body: t.body, created_at: now, updated_at: now, updated_by: 'seed' }];
  });
  if (missingTemplates.length) await db.insertInto('reply_templates').values(missingTemplates).execute();
}
