/** 达州市住房公积金管理中心（模拟）: 缴存证明, 缴存明细; 公积金提取 decisions. */
import type { BureauSpec } from '../bureau/module.js';
import { maskId } from '../bureau/demo.js';

export const housingFundSpec: BureauSpec = {
  name: 'housing-fund',
  title: '住房公积金管理中心',
  owner: '达州市住房公积金管理中心（模拟）',
  description: '按身份证号出具公积金缴存证明、查询缴存明细；受理公积金提取等办件，审批通过后给出提取金额与到账银行。全部为演示数据。',
  refPrefix: 'GJJ',
  approveComment: '提取申请审核通过，资金将于3个工作日内转入本人银行账户',
  result: (c, ref, demo) => {
    const asked = Number(c.data.amount ?? c.data.amountYuan);
    const amount = Number.isFinite(asked) && asked > 0 ? asked : demo.int(3000, 60000);
    return { 审批编号: ref, 提取金额: `${amount.toFixed(2)}元`, 到账银行: demo.pick(['中国建设银行达州分行', '中国工商银行达州分行', '达州银行'], 1), 预计到账: '3个工作日内' };
  },
  instant: {
    'deposit-proof': {
      summary: '住房公积金缴存证明 {idNumber} → 缴存单位、账户状态、月缴存额、账户余额',
      input: { idNumber: 'idNumber' },
      run: (input, demo) => {
        const base = demo.int(3000, 12000, 1);
        return {
          title: '住房公积金缴存证明',
          rows: [
            { label: '公民身份号码', value: maskId(input.idNumber!) },
            { label: '个人公积金账号', value: `5117${demo.digits(8, 2)}` },
            { label: '缴存单位', value: demo.company(3) },
            { label: '账户状态', value: '正常缴存' },
            { label: '缴存基数', value: `${base}.00元` },
            { label: '月缴存额', value: `${(base * 0.24).toFixed(2)}元（单位、个人各12%）` },
            { label: '账户余额', value: `${demo.int(5000, 180000, 4)}.${demo.digits(2, 5)}元` },
            { label: '开户日期', value: demo.date(2008, 2020, 6) },
          ],
        };
      },
    },
  },
  query: {
    'deposit-records': {
      summary: '公积金缴存明细 {idNumber, year?} → 12个月 {period, amount, status}',
      input: { idNumber: 'idNumber', year: 'year?' },
      run: (input, demo, now) => {
        const year = Number(input.year ?? new Date(now + 8 * 3_600_000).getUTCFullYear() - 1);
        const amount = Math.round(demo.int(3000, 12000, 1) * 0.24 * 100) / 100;
        return Array.from({ length: 12 }, (_, i) => ({ period: `${year}-${String(i + 1).padStart(2, '0')}`, amount, type: '汇缴', status: '已入账' }));
      },
    },
  },
};
