/**
 * 达州市文化广电旅游局 文旅信息系统（模拟）: the 旅游服务 zone's 我要查 — 旅行社名录, 导游, A级景区,
 * 水利风景区, 文化产业增加值 and 市级示范农民合作社（文旅类）. Records in records.ts; guides' names
 * masked (a guide is a private person), no ID numbers anywhere.
 */
import type { BureauSpec } from '../bureau/module.js';
import { beijingDay, maskName } from '../bureau/demo.js';
import { A_LEVEL_SPOTS, CULTURE_YEARS, GUIDES, RURAL_COOPS, TRAVEL_AGENCIES, WATER_SCENIC_AREAS, countyName, cultureOutput } from './records.js';

/** Contains the keyword, compared as the input check leaves it (upper-cased). */
const has = (keyword: string | undefined, ...fields: string[]) => !keyword || fields.some((f) => f.toUpperCase().includes(keyword));
const inCounty = (county: string | undefined, code: string) => !county || county === code || county === '511700';

export const tourismSpec: BureauSpec = {
  name: 'tourism',
  title: '文广旅局 · 文旅信息系统',
  owner: '达州市文化广电旅游局（模拟）',
  description: '查询旅行社名录、导游、A级旅游景区、水利风景区、文化产业增加值和市级示范农民合作社（文旅类）名单。全部为演示数据。',
  refPrefix: 'WL',
  approveComment: '审核通过',
  result: (_c, ref, _demo, decidedAt) => ({ 审批编号: ref, 办结日期: beijingDay(decidedAt), 承办单位: '达州市文化广电旅游局' }),
  instant: {},
  query: {
    'travel-agencies': {
      summary: '旅行社名录 {keyword?: 名称、许可证号或地址} → {name, licenceNo, scope, address, phone, qualityDeposit}',
      input: { keyword: 'keyword?' },
      run: (input) => TRAVEL_AGENCIES.filter((a) => has(input.keyword, a.name, a.licenceNo, a.address)).map((a) => ({ ...a })),
    },
    guides: {
      summary: '导游 {keyword?: 导游证号或所属旅行社} → {name, guideNo, level, language, agency, validUntil}（姓名脱敏；按姓名查询须填写全名）',
      input: { keyword: 'keyword?' },
      run: (input) =>
        GUIDES.filter((g) => !input.keyword || g.name === input.keyword || has(input.keyword, g.guideNo, g.agency)).map((g) => ({ ...g, name: maskName(g.name) })),
    },
    'a-level-spots': {
      summary: 'A级旅游景区 {county?: 区县代码} → {name, level, countyName, address, openHours, ticket, phone}，按等级排列',
      input: { county: 'county?' },
      run: (input) =>
        A_LEVEL_SPOTS.filter((s) => inCounty(input.county, s.county))
          .toSorted((a, b) => a.level.localeCompare(b.level) * -1)
          .map((s) => ({ name: s.name, level: s.level, countyName: countyName(s.county), address: s.address, openHours: s.openHours, ticket: s.ticket, phone: s.phone })),
    },
    'water-scenic-areas': {
      summary: '水利风景区 {county?} → {name, level, countyName, water, area, approvedYear}',
      input: { county: 'county?' },
      run: (input) =>
        WATER_SCENIC_AREAS.filter((w) => inCounty(input.county, w.county)).map((w) => ({ name: w.name, level: w.level, countyName: countyName(w.county), water: w.water, area: w.area, approvedYear: w.approvedYear })),
    },
    'culture-output': {
      summary: `文化产业增加值 {year?: ${CULTURE_YEARS[0]}–${CULTURE_YEARS[CULTURE_YEARS.length - 1]}，不填为最近一年} → {year, county, value（亿元）, share（占GDP %）, growth}`,
      input: { year: 'year?' },
      run: (input) => {
        const latest: number = CULTURE_YEARS[CULTURE_YEARS.length - 1]!;
        const year = input.year ? Number(input.year) : latest;
        return (CULTURE_YEARS as readonly number[]).includes(year) ? cultureOutput(year).map((r) => ({ ...r })) : [];
      },
    },
    'rural-coops': {
      summary: '市级示范农民合作社（文旅类）{county?} → {name, creditCode, countyName, business, listedYear}',
      input: { county: 'county?' },
      run: (input) =>
        RURAL_COOPS.filter((c) => inCounty(input.county, c.county)).map((c) => ({ name: c.name, creditCode: c.creditCode, countyName: countyName(c.county), business: c.business, listedYear: c.listedYear })),
    },
  },
};
