/** 达州市市场监督管理局（模拟）: 营业执照信息, 名下市场主体; 营业执照 / 个体户 登记 decisions. */
import type { BureauSpec } from '../bureau/module.js';
import { maskName, type Demo } from '../bureau/demo.js';

/** A stable 18-character unified social credit code (the check character is not computed: demo). */
function creditCode(demo: Demo, salt: number): string {
  const letters = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let tail = '';
  for (let i = 0; i < 9; i++) tail += letters[demo.int(0, letters.length - 1, salt * 10 + i)];
  return `92${demo.pick(['511702', '511703', '511722'], salt)}${tail}${demo.int(0, 9, salt + 99)}`;
}

export const marketSpec: BureauSpec = {
  name: 'market',
  title: '市场监管局 · 登记注册',
  owner: '达州市市场监督管理局（模拟）',
  description: '按统一社会信用代码查询营业执照信息、按身份证号查询名下市场主体；受理企业设立、个体工商户登记等办件，核准后给出统一社会信用代码。全部为演示数据。',
  refPrefix: 'SJ',
  approveComment: '准予登记，请领取营业执照或下载电子营业执照',
  result: (c, ref, demo, decidedAt) => {
    const day = new Date(decidedAt + 8 * 3_600_000).toISOString().slice(0, 10);
    const name = typeof c.data.businessName === 'string' ? c.data.businessName : typeof c.data.name === 'string' ? c.data.name : demo.company(1);
    return { 审批编号: ref, 统一社会信用代码: creditCode(demo, 2), 名称: name, 登记机关: '达州市市场监督管理局', 成立日期: day };
  },
  instant: {
    'license-info': {
      summary: '营业执照信息 {creditCode} → 名称、类型、法定代表人（脱敏）、成立日期、登记状态',
      input: { creditCode: 'creditCode' },
      run: (input, demo) => ({
        title: '营业执照信息',
        rows: [
          { label: '统一社会信用代码', value: input.creditCode! },
          { label: '名称', value: demo.company(1) },
          { label: '类型', value: demo.pick(['有限责任公司（自然人投资或控股）', '个体工商户', '有限责任公司（自然人独资）'], 2) },
          { label: '法定代表人', value: maskName(demo.pick(['刘建华', '陈秀英', '王德明', '杨晓燕'], 3)) },
          { label: '住所', value: demo.address(4) },
          { label: '成立日期', value: demo.date(2005, 2024, 5) },
          { label: '登记状态', value: '存续（在营、开业、在册）' },
          { label: '登记机关', value: '达州市市场监督管理局' },
        ],
      }),
    },
  },
  query: {
    'business-entities': {
      summary: '名下市场主体（法定代表人 / 经营者）{idNumber} → {creditCode, name, type, status, establishedAt}',
      input: { idNumber: 'idNumber' },
      run: (_input, demo) =>
        Array.from({ length: demo.int(0, 2, 1) }, (_, i) => ({
          creditCode: creditCode(demo, 10 + i),
          name: i === 0 ? `达州市${demo.pick(['通川区', '达川区'], 20)}${demo.pick(['惠民', '兴旺', '顺达'], 21)}便利店` : demo.company(30),
          type: i === 0 ? '个体工商户' : '有限责任公司（自然人投资或控股）',
          status: '存续',
          establishedAt: demo.date(2010, 2024, 40 + i),
        })),
    },
  },
};
