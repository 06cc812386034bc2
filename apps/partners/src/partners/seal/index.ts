/** 达州市公安局公章刻制备案系统（模拟）: 印章备案 records of a company; 公章刻制 decisions. */
import type { BureauSpec } from '../bureau/module.js';

const SEALS = ['单位公章', '财务专用章', '发票专用章', '合同专用章', '法定代表人名章'] as const;
const MAKERS = ['达州市通川区明信印章刻制有限公司', '达州市达川区诚信刻章店', '宣汉县恒通印章有限公司'] as const;

export const sealSpec: BureauSpec = {
  name: 'seal',
  title: '公章刻制备案',
  owner: '达州市公安局治安管理支队（模拟）',
  description: '按统一社会信用代码查询印章备案记录；受理新办企业公章刻制（免费刻制）办件，备案后给出备案编号与刻制单位。全部为演示数据。',
  refPrefix: 'YZ',
  approveComment: '印章已备案，刻制单位将短信通知领取',
  result: (_c, ref, demo, decidedAt) => ({
    审批编号: ref,
    印章备案编号: `5117${demo.digits(12, 1)}`,
    刻制单位: demo.pick(MAKERS, 2),
    预计取章日期: new Date(decidedAt + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10),
  }),
  instant: {},
  query: {
    'seal-records': {
      summary: '印章备案记录 {creditCode} → {sealType, filingNo, maker, filedAt, status}',
      input: { creditCode: 'creditCode' },
      run: (_input, demo) =>
        Array.from({ length: demo.int(1, 4, 1) }, (_, i) => ({
          sealType: SEALS[i]!,
          filingNo: `5117${demo.digits(12, 10 + i)}`,
          maker: demo.pick(MAKERS, 20 + i),
          filedAt: demo.date(2015, 2025, 30 + i),
          status: '已备案',
        })),
    },
  },
};
