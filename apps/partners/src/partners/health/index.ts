/** 达州市卫生健康委员会（模拟）: 出生医学证明 records of a parent; 出生医学证明 decisions. */
import type { BureauSpec } from '../bureau/module.js';
import { maskId } from '../bureau/demo.js';

const HOSPITALS = ['达州市中心医院', '达州市妇女儿童医院', '达州市中西医结合医院', '通川区人民医院', '达川区人民医院', '宣汉县人民医院'] as const;

export const healthSpec: BureauSpec = {
  name: 'health',
  title: '卫健委 · 出生医学证明',
  owner: '达州市卫生健康委员会（模拟）',
  description: '按父亲或母亲的身份证号查询出生医学证明签发记录；受理出生医学证明首次签发、补发、换发等办件。全部为演示数据。',
  refPrefix: 'WJ',
  approveComment: '出生医学证明已签发，请到出生医院领取',
  result: (c, ref, demo, decidedAt) => ({
    审批编号: ref,
    出生医学证明编号: `${String.fromCharCode(65 + demo.int(0, 25))}511${demo.digits(6, 1)}`,
    签发机构: typeof c.data.hospital === 'string' ? c.data.hospital : demo.pick(HOSPITALS, 2),
    签发日期: new Date(decidedAt + 8 * 3_600_000).toISOString().slice(0, 10),
  }),
  instant: {},
  query: {
    'birth-certificates': {
      summary: '出生医学证明签发记录 {idNumber}（父亲或母亲）→ {certNo, babyName, sex, birthDate, hospital, parentIdNumber}',
      input: { idNumber: 'idNumber' },
      run: (input, demo) =>
        Array.from({ length: demo.int(0, 2, 1) }, (_, i) => ({
          certNo: `${String.fromCharCode(75 + i)}511${demo.digits(6, 10 + i)}`,
          babyName: `${demo.pick(['张', '李', '王', '陈'], 20 + i)}*`,
          sex: demo.pick(['男', '女'], 30 + i),
          birthDate: demo.date(2012, 2025, 40 + i),
          hospital: demo.pick(HOSPITALS, 50 + i),
          parentIdNumber: maskId(input.idNumber!),
        })),
    },
  },
};
