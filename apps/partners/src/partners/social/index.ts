/** 达州市人力资源和社会保障局 社会保险系统（模拟）: 参保证明, 社保卡, 缴费记录; 养老 / 退休 decisions. */
import type { BureauSpec } from '../bureau/module.js';
import { districtOfId, maskId } from '../bureau/demo.js';

const INSURANCES = '企业职工基本养老保险、职工基本医疗保险、失业保险、工伤保险';

export const socialSpec: BureauSpec = {
  name: 'social',
  title: '人社局 · 社会保险',
  owner: '达州市人力资源和社会保障局（模拟）',
  description: '按身份证号出具社会保险参保证明、查询社保卡状态与近12个月缴费记录；受理养老保险待遇、退休审批等办件并给出审批结果。全部为按身份证号生成的演示数据。',
  refPrefix: 'RS',
  approveComment: '经审核，符合条件，准予办理',
  result: (c, ref, demo, decidedAt) => {
    const month = new Date(decidedAt + 8 * 3_600_000).toISOString().slice(0, 7);
    if (/retire|pension|yanglao|退休|养老/i.test(`${c.formCode}${c.title}`)) {
      return { 审批编号: ref, 待遇起始月份: month, 基本养老金月标准: `${demo.int(1800, 4200)}.${demo.digits(2, 1)}元`, 发放银行: demo.pick(['中国工商银行达州分行', '中国农业银行达州分行', '四川天府银行达州分行'], 2) };
    }
    return { 审批编号: ref, 办结日期: new Date(decidedAt + 8 * 3_600_000).toISOString().slice(0, 10) };
  },
  instant: {
    'insurance-proof': {
      summary: '社会保险参保证明 {idNumber, name?} → 参保单位、险种、参保状态、缴费月数',
      input: { idNumber: 'idNumber', name: 'name?' },
      run: (input, demo) => {
        const id = input.idNumber!;
        // Paid months fit the first month insured: the months since then, less a few gaps.
        const first = demo.date(2000, 2018, 3).slice(0, 7);
        const now = new Date(Date.now() + 8 * 3_600_000);
        const since = (now.getUTCFullYear() - Number(first.slice(0, 4))) * 12 + (now.getUTCMonth() + 1 - Number(first.slice(5, 7)));
        const months = Math.max(1, since - demo.int(0, 12, 1));
        return {
          title: '社会保险参保证明',
          rows: [
            ...(input.name ? [{ label: '姓名', value: input.name }] : []),
            { label: '公民身份号码', value: maskId(id) },
            { label: '参保单位', value: demo.company(2) },
            { label: '参保地', value: `达州市${districtOfId(id)}` },
            { label: '险种', value: INSURANCES },
            { label: '参保状态', value: '正常参保' },
            { label: '首次参保年月', value: first },
            { label: '累计缴费月数', value: `${months}个月` },
          ],
        };
      },
    },
    'card-status': {
      summary: '社会保障卡状态 {idNumber} → 卡号（脱敏）、发卡银行、卡状态',
      input: { idNumber: 'idNumber' },
      run: (input, demo) => ({
        title: '社会保障卡信息',
        rows: [
          { label: '社会保障卡号', value: `${demo.pick(['A', 'B', 'C'], 1)}${demo.digits(2, 2)}*****${demo.digits(1, 3)}` },
          { label: '发卡银行', value: demo.pick(['中国工商银行', '中国农业银行', '中国建设银行', '四川天府银行'], 4) },
          { label: '卡状态', value: '正常使用' },
          { label: '金融账户', value: '已激活' },
          { label: '发卡日期', value: demo.date(2015, 2023, 5) },
        ],
      }),
    },
  },
  query: {
    'payment-records': {
      summary: '社保缴费记录 {idNumber, year?} → 12个月 {period, base, personal, employer, status}',
      input: { idNumber: 'idNumber', year: 'year?' },
      run: (input, demo, now) => {
        const year = Number(input.year ?? new Date(now + 8 * 3_600_000).getUTCFullYear() - 1);
        const base = demo.int(3800, 9000, 1);
        return Array.from({ length: 12 }, (_, i) => ({
          period: `${year}-${String(i + 1).padStart(2, '0')}`,
          insurance: '企业职工基本养老保险',
          base,
          personal: Math.round(base * 0.08 * 100) / 100,
          employer: Math.round(base * 0.16 * 100) / 100,
          status: '已实缴',
        }));
      },
    },
  },
};
