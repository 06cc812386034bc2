/** 达州市医疗保障局（模拟）: 医保参保证明, 缴费记录; 参保登记, 关系转移 decisions. */
import type { BureauSpec } from '../bureau/module.js';
import { districtOfId, maskId } from '../bureau/demo.js';

export const medicareSpec: BureauSpec = {
  name: 'medicare',
  title: '医保局 · 医保信息平台',
  owner: '达州市医疗保障局（模拟）',
  description: '按身份证号出具基本医疗保险参保证明、查询缴费记录；受理医保参保登记、医保关系转移接续等办件。全部为演示数据。',
  refPrefix: 'YB',
  approveComment: '审核通过',
  result: (c, ref, demo, decidedAt) => {
    const day = new Date(decidedAt + 8 * 3_600_000).toISOString().slice(0, 10);
    if (/transfer|zhuanyi|转移/i.test(`${c.formCode}${c.title}`)) {
      return { 审批编号: ref, 转移接续联系函编号: `YBZY${day.replace(/-/g, '')}${demo.digits(6, 1)}`, 转入地: '达州市', 办结日期: day };
    }
    return { 审批编号: ref, 参保险种: '职工基本医疗保险', 参保日期: day };
  },
  instant: {
    'insurance-proof': {
      summary: '基本医疗保险参保证明 {idNumber, name?} → 险种、参保状态、参保地、累计缴费月数',
      input: { idNumber: 'idNumber', name: 'name?' },
      run: (input, demo) => ({
        title: '基本医疗保险参保证明',
        rows: [
          ...(input.name ? [{ label: '姓名', value: input.name }] : []),
          { label: '公民身份号码', value: maskId(input.idNumber!) },
          { label: '险种', value: demo.pick(['职工基本医疗保险', '城乡居民基本医疗保险'], 1) },
          { label: '参保地', value: `达州市${districtOfId(input.idNumber!)}` },
          { label: '参保状态', value: '参保缴费' },
          { label: '累计缴费月数', value: `${demo.int(12, 280, 2)}个月` },
        ],
      }),
    },
  },
  query: {
    'payment-records': {
      summary: '医保缴费记录 {idNumber, year?} → 12个月 {period, insurance, amount, status}',
      input: { idNumber: 'idNumber', year: 'year?' },
      run: (input, demo, now) => {
        const year = input.year ?? String(new Date(now + 8 * 3_600_000).getUTCFullYear() - 1);
        const amount = demo.int(150, 600, 1);
        return Array.from({ length: 12 }, (_, i) => ({ period: `${year}-${String(i + 1).padStart(2, '0')}`, insurance: '职工基本医疗保险', amount, status: '已到账' }));
      },
    },
  },
};
