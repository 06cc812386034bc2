/** 国家税务总局达州市税务局（模拟）: 完税证明, 纳税记录; 税务登记 decisions. */
import type { BureauSpec } from '../bureau/module.js';
import { maskId } from '../bureau/demo.js';

export const taxSpec: BureauSpec = {
  name: 'tax',
  title: '税务局 · 电子税务局',
  owner: '国家税务总局达州市税务局（模拟）',
  description: '按身份证号出具个人所得税纳税记录（完税证明）、查询年度纳税明细；受理税务登记（信息确认）办件。全部为演示数据。',
  refPrefix: 'SW',
  approveComment: '税务登记信息已确认',
  result: (c, ref, demo, decidedAt) => ({
    审批编号: ref,
    纳税人识别号: typeof c.data.creditCode === 'string' ? c.data.creditCode : `92511700MA${demo.digits(8, 1)}`,
    主管税务机关: `国家税务总局达州市${demo.pick(['通川区', '达川区', '宣汉县'], 2)}税务局`,
    登记日期: new Date(decidedAt + 8 * 3_600_000).toISOString().slice(0, 10),
  }),
  instant: {
    'tax-proof': {
      summary: '个人所得税纳税记录 {idNumber, year?} → 年度收入额、已缴税额、扣缴义务人',
      input: { idNumber: 'idNumber', year: 'year?' },
      run: (input, demo, now) => {
        const year = input.year ?? String(new Date(now + 8 * 3_600_000).getUTCFullYear() - 1);
        const income = demo.int(40_000, 200_000, 1);
        const tax = Math.max(0, Math.round((income - 60_000) * 0.03 * 100) / 100);
        return {
          title: '个人所得税纳税记录',
          rows: [
            { label: '纳税人身份证号', value: maskId(input.idNumber!) },
            { label: '所属年度', value: `${year}年` },
            { label: '收入额', value: `${income.toFixed(2)}元` },
            { label: '已缴税额', value: `${tax.toFixed(2)}元` },
            { label: '扣缴义务人', value: demo.company(2) },
            { label: '证明编号', value: `SW${year}${demo.digits(10, 3)}` },
          ],
        };
      },
    },
  },
  query: {
    'tax-records': {
      summary: '年度纳税明细 {idNumber, year?} → 12个月 {period, income, tax, withholder}',
      input: { idNumber: 'idNumber', year: 'year?' },
      run: (input, demo, now) => {
        const year = input.year ?? String(new Date(now + 8 * 3_600_000).getUTCFullYear() - 1);
        const monthly = Math.round(demo.int(40_000, 200_000, 1) / 12);
        return Array.from({ length: 12 }, (_, i) => ({
          period: `${year}-${String(i + 1).padStart(2, '0')}`,
          income: monthly,
          tax: Math.max(0, Math.round((monthly - 5000) * 0.03 * 100) / 100),
          withholder: demo.company(2),
        }));
      },
    },
  },
};
