/**
 * 达州市医疗保障局（模拟）: 医保参保证明, 缴费记录, the 医疗就诊 zone's 我要查 queries (参保信息,
 * 个人账户余额, 异地就医备案 / 结算, 定点医药机构, 目录); 参保登记, 关系转移 decisions.
 */
import type { BureauSpec, QuerySpec } from '../bureau/module.js';
import { districtOfId, maskId } from '../bureau/demo.js';
import { catalogSize, CATALOG_LIMIT, searchCatalog, type CatalogName } from './catalogs.js';
import { directorySize, searchDirectory, type DirectoryName } from './institutions.js';
import { accountBalance, insuredInfo, offsiteFilings, offsiteSettlements } from './personal.js';

const CATALOG_TITLES: Record<CatalogName, string> = {
  treatment: '诊疗项目目录',
  western: '药品目录（西药和中成药）',
  herbal: '药品目录（中药饮片）',
  'hospital-made': '医疗机构制剂（自制药）目录',
};
const DIRECTORY_TITLES: Record<DirectoryName, string> = {
  'pharmacy-local': '本统筹区定点零售药店',
  'pharmacy-provincial': '省内异地定点零售药店',
  'pharmacy-interprovincial': '跨省异地定点零售药店',
  'outpatient-provincial': '省内异地普通门诊直接结算医疗机构',
};

/** The catalogues, searched by name or code: `treatment-catalog`, `western-catalog`… */
const catalogQueries = Object.fromEntries(
  (Object.keys(CATALOG_TITLES) as CatalogName[]).map((name): [string, QuerySpec] => [
    `${name}-catalog`,
    {
      summary: `${CATALOG_TITLES[name]}（共${catalogSize(name)}条）{keyword?} → 名称或编码包含关键字的前${CATALOG_LIMIT}条 {code, name, form, spec, category, price, maker?, note}`,
      input: { keyword: 'keyword?' },
      run: (input) => searchCatalog(name, input.keyword).map((r) => ({ ...r })),
    },
  ]),
);

/** The 定点医药机构 directories, filtered by 地区 and keyword: `pharmacy-local`… */
const directoryQueries = Object.fromEntries(
  (Object.keys(DIRECTORY_TITLES) as DirectoryName[]).map((name): [string, QuerySpec] => [
    name,
    {
      summary: `${DIRECTORY_TITLES[name]}（共${directorySize(name)}家）{keyword?, area?} → {code, name, area, address, phone, level?, type?, settlement?}`,
      input: { keyword: 'keyword?', area: 'keyword?' },
      run: (input) => searchDirectory(name, { keyword: input.keyword, area: input.area }).map((r) => ({ ...r })),
    },
  ]),
);

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
    'insured-info': {
      summary: '参保信息 {idNumber, name?} → {name?, idNumber, insurance, status, place, since, employer, personType}',
      input: { idNumber: 'idNumber', name: 'name?' },
      run: (input) => [insuredInfo(input.idNumber!, input.name)],
    },
    'account-balance': {
      summary: '医保个人账户余额 {idNumber} → {accountNo, balance, yearIn, yearOut, asOf, status, recent, transactions[]}（元）',
      input: { idNumber: 'idNumber' },
      run: (input, _demo, now) => [accountBalance(input.idNumber!, now)],
    },
    'offsite-filings': {
      summary: '异地就医备案 {idNumber} → {filingNo, type, destination, validFrom, validTo, status}',
      input: { idNumber: 'idNumber' },
      run: (input, _demo, now) => offsiteFilings(input.idNumber!, now),
    },
    'offsite-settlements': {
      summary: '异地就医结算记录 {idNumber, year?} → {date, hospital, area, visit, total, fund, account, cash, status}（元）',
      input: { idNumber: 'idNumber', year: 'year?' },
      run: (input, _demo, now) => offsiteSettlements(input.idNumber!, input.year, now),
    },
    ...directoryQueries,
    ...catalogQueries,
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
