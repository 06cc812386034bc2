/** 达州市不动产登记中心（模拟）: 不动产登记 records by ID number, 权属证明; 登记 decisions. */
import type { BureauSpec } from '../bureau/module.js';
import { Demo, districtOfId, maskId } from '../bureau/demo.js';

const USES = ['住宅', '住宅', '住宅', '商业', '车库'] as const;

/** The holder's properties: 1–3, stable per ID number. */
export function propertyRecords(idNumber: string, demo: Demo): Record<string, unknown>[] {
  const n = demo.int(1, 3, 1);
  return Array.from({ length: n }, (_, i) => {
    const year = demo.int(2008, 2024, 10 + i);
    const use = demo.pick(USES, 20 + i);
    const area = use === '车库' ? demo.int(12, 30, 30 + i) : demo.int(45, 160, 30 + i);
    return {
      certNo: `川（${year}）达州市不动产权第${demo.digits(7, 40 + i)}号`,
      location: `${demo.address(50 + i, i === 0 ? districtOfId(idNumber) : undefined)}${use === '住宅' ? `${demo.int(1, 12, 60 + i)}栋${demo.int(1, 3, 70 + i)}单元${demo.int(1, 30, 80 + i)}0${demo.int(1, 4, 90 + i)}` : ''}`,
      area: Math.round((area + demo.int(0, 99, 100 + i) / 100) * 100) / 100,
      usage: use,
      rightType: '国有建设用地使用权/房屋所有权',
      registeredAt: `${year}-${String(demo.int(1, 12, 110 + i)).padStart(2, '0')}-${String(demo.int(1, 28, 120 + i)).padStart(2, '0')}`,
    };
  });
}

export const realEstateSpec: BureauSpec = {
  name: 'real-estate',
  title: '不动产登记中心',
  owner: '达州市不动产登记中心（模拟）',
  description: '按身份证号查询名下不动产登记记录（不动产权证号、坐落、面积、用途、登记时间）并出具不动产权属证明；受理不动产登记办件。全部为演示数据。',
  refPrefix: 'BDC',
  approveComment: '已登簿，请凭受理回执领取不动产权证书或下载电子证照',
  result: (c, ref, demo, decidedAt) => {
    const day = new Date(decidedAt + 8 * 3_600_000).toISOString().slice(0, 10);
    return { 审批编号: ref, 不动产权证号: `川（${day.slice(0, 4)}）达州市不动产权第${demo.digits(7, 1)}号`, 登簿时间: day };
  },
  instant: {
    'property-proof': {
      summary: '不动产权属证明 {idNumber, name?} → 名下不动产数量与坐落',
      input: { idNumber: 'idNumber', name: 'name?' },
      run: (input, demo) => {
        // The proof lists exactly what the query lists: the same seed as property-records.
        const records = propertyRecords(input.idNumber!, new Demo(`real-estate|property-records|${input.idNumber}`));
        return {
          title: '不动产权属证明',
          rows: [
            ...(input.name ? [{ label: '权利人', value: input.name }] : []),
            { label: '证件号码', value: maskId(input.idNumber!) },
            { label: '名下不动产', value: `${records.length}处` },
            ...records.map((r, i) => ({ label: `坐落${i + 1}`, value: `${String(r.location)}（${String(r.usage)}，${String(r.area)}㎡）` })),
            { label: '查询编号', value: `CX${demo.digits(10, 9)}` },
          ],
        };
      },
    },
  },
  query: {
    'property-records': {
      summary: '名下不动产登记记录 {idNumber} → {certNo, location, area, usage, rightType, registeredAt}',
      input: { idNumber: 'idNumber' },
      run: (input, demo) => propertyRecords(input.idNumber!, demo),
    },
  },
};
