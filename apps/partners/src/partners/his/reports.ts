/**
 * 检验报告 by patient identity: every valid ID number has 1–4 reports of the last 60 days, derived
 * from the number (SM3-seeded), so the same person always finds the same reports. A report recurs
 * every 60 days on its own day of the cycle: its date and id stay the same for 60 days, then it is
 * replaced by the next one, like a patient who is tested regularly. The newest report always has a
 * value out of range, so the portal's ↑ ↓ marking can be seen on any demo identity.
 */
import type { HisReport, HisReportItem, HisReportSummary } from '@dz/partner-protocol';
import { DAY_MS, beijingDate, beijingDayRange } from '../../lib/beijing.js';
import { Demo } from '../bureau/demo.js';
import { CATALOGUE } from './catalogue.js';

const CYCLE_DAYS = 60;

interface ItemSpec {
  code: string;
  name: string;
  unit: string;
  /** Bounds of the reference range; null: open on that side. */
  low: number | null;
  high: number | null;
  decimals: number;
  /** Female bounds where they differ (ID number's 17th digit even). */
  female?: { low: number | null; high: number | null };
}

/** A qualitative item (尿常规): 阴性 is normal, a positive grade is flagged high. */
interface QualitativeSpec {
  code: string;
  name: string;
  qualitative: true;
}

interface Panel {
  title: string;
  specimen: string;
  department: string;
  items: readonly (ItemSpec | QualitativeSpec)[];
}

const PANELS: readonly Panel[] = [
  {
    title: '血常规',
    specimen: '静脉血（EDTA抗凝）',
    department: '呼吸内科',
    items: [
      { code: 'WBC', name: '白细胞计数', unit: '×10^9/L', low: 3.5, high: 9.5, decimals: 2 },
      { code: 'NEUT%', name: '中性粒细胞百分比', unit: '%', low: 40, high: 75, decimals: 1 },
      { code: 'LYMPH%', name: '淋巴细胞百分比', unit: '%', low: 20, high: 50, decimals: 1 },
      { code: 'RBC', name: '红细胞计数', unit: '×10^12/L', low: 4.3, high: 5.8, decimals: 2, female: { low: 3.8, high: 5.1 } },
      { code: 'HGB', name: '血红蛋白', unit: 'g/L', low: 130, high: 175, decimals: 0, female: { low: 115, high: 150 } },
      { code: 'PLT', name: '血小板计数', unit: '×10^9/L', low: 125, high: 350, decimals: 0 },
    ],
  },
  {
    title: '肝功能',
    specimen: '血清',
    department: '消化内科',
    items: [
      { code: 'ALT', name: '丙氨酸氨基转移酶', unit: 'U/L', low: 9, high: 50, decimals: 0, female: { low: 7, high: 40 } },
      { code: 'AST', name: '天门冬氨酸氨基转移酶', unit: 'U/L', low: 15, high: 40, decimals: 0, female: { low: 13, high: 35 } },
      { code: 'GGT', name: 'γ-谷氨酰转移酶', unit: 'U/L', low: 10, high: 60, decimals: 0, female: { low: 7, high: 45 } },
      { code: 'TBIL', name: '总胆红素', unit: 'μmol/L', low: 3.4, high: 20.5, decimals: 1 },
      { code: 'ALB', name: '白蛋白', unit: 'g/L', low: 40, high: 55, decimals: 1 },
    ],
  },
  {
    title: '肾功能',
    specimen: '血清',
    department: '内分泌科',
    items: [
      { code: 'UREA', name: '尿素', unit: 'mmol/L', low: 2.6, high: 7.5, decimals: 2 },
      { code: 'CREA', name: '肌酐', unit: 'μmol/L', low: 57, high: 111, decimals: 0, female: { low: 41, high: 81 } },
      { code: 'UA', name: '尿酸', unit: 'μmol/L', low: 208, high: 428, decimals: 0, female: { low: 155, high: 357 } },
      { code: 'CYSC', name: '胱抑素C', unit: 'mg/L', low: 0.51, high: 1.09, decimals: 2 },
    ],
  },
  {
    title: '血脂四项',
    specimen: '血清',
    department: '心血管内科',
    items: [
      { code: 'TC', name: '总胆固醇', unit: 'mmol/L', low: null, high: 5.18, decimals: 2 },
      { code: 'TG', name: '甘油三酯', unit: 'mmol/L', low: null, high: 1.7, decimals: 2 },
      { code: 'HDL-C', name: '高密度脂蛋白胆固醇', unit: 'mmol/L', low: 1.04, high: null, decimals: 2 },
      { code: 'LDL-C', name: '低密度脂蛋白胆固醇', unit: 'mmol/L', low: null, high: 3.37, decimals: 2 },
    ],
  },
  {
    title: '尿常规',
    specimen: '尿液（晨尿）',
    department: '泌尿外科',
    items: [
      { code: 'PH', name: '酸碱度', unit: '', low: 4.5, high: 8, decimals: 1 },
      { code: 'SG', name: '比重', unit: '', low: 1.003, high: 1.03, decimals: 3 },
      { code: 'PRO', name: '尿蛋白', qualitative: true },
      { code: 'GLU', name: '尿葡萄糖', qualitative: true },
      { code: 'BLD', name: '尿隐血', qualitative: true },
      { code: 'LEU', name: '白细胞酯酶', qualitative: true },
    ],
  },
];

/** Hospitals with a 检验科 that reports: the 省属 and 市级 ones and the larger county ones. */
const LABS = CATALOGUE.filter((h) => h.level !== 'county' || h.grade.startsWith('三级'));

function rangeText(low: number | null, high: number | null, decimals: number): string {
  const f = (n: number) => n.toFixed(decimals);
  if (low === null) return `<${f(high!)}`;
  if (high === null) return `>${f(low)}`;
  return `${f(low)}-${f(high)}`;
}

/** One item's value: inside the range, or (abnormal) just outside it on one side. */
function itemOf(spec: ItemSpec | QualitativeSpec, demo: Demo, salt: number, female: boolean, abnormal: boolean): HisReportItem {
  if ('qualitative' in spec) {
    const grade = demo.pick(['+', '++', '±'], salt + 1);
    return { code: spec.code, name: spec.name, result: abnormal ? grade : '阴性', unit: '', range: '阴性', flag: abnormal ? 'high' : 'normal' };
  }
  const { low, high } = female && spec.female ? spec.female : spec;
  const scale = 10 ** spec.decimals;
  // A one-sided range gets a plausible other side, so normal values stay realistic.
  const lo = low ?? high! * 0.45;
  const hi = high ?? low! * 1.8;
  const span = hi - lo;
  const goHigh = low === null ? true : high === null ? false : demo.int(0, 1, salt + 2) === 1;
  const pick = (a: number, b: number) => demo.int(Math.ceil(a * scale), Math.floor(b * scale), salt + 3) / scale;
  const value = !abnormal ? pick(lo + span * 0.05, hi - span * 0.05) : goHigh ? pick(hi + span * 0.05, hi + span * 0.45) : pick(Math.max(lo - span * 0.4, lo * 0.5), lo - span * 0.04);
  return { code: spec.code, name: spec.name, result: value.toFixed(spec.decimals), unit: spec.unit, range: rangeText(low, high, spec.decimals), flag: abnormal ? (goHigh ? 'high' : 'low') : 'normal' };
}

/** The most recent day on or before `last` that is `offset` days into its 60-day cycle. */
function cycleDay(last: string, offset: number): string {
  const start = beijingDayRange(last)!.start;
  const dayIndex = Math.floor((start + 8 * 3_600_000) / DAY_MS);
  const back = (((dayIndex - offset) % CYCLE_DAYS) + CYCLE_DAYS) % CYCLE_DAYS;
  return beijingDate(start - back * DAY_MS);
}

/** Every report of a person (newest first), full. `idNumber` is a checked 18-character number. */
export function reportsOf(idNumber: string, now: number): HisReport[] {
  const person = new Demo(`his|reports|${idNumber}`);
  const female = Number(idNumber[16]) % 2 === 0;
  const count = person.int(1, 4);
  const panels = PANELS.map((panel, k) => ({ panel, key: person.int(0, 999, 1 + k) }))
    .sort((a, b) => a.key - b.key)
    .slice(0, count)
    .map((x) => x.panel);
  // Counted back from yesterday: every report is finished (1–60 days old) whatever the hour.
  const yesterday = beijingDate(now - DAY_MS);
  const drafts = panels.map((panel, i) => {
    const date = cycleDay(yesterday, person.int(0, CYCLE_DAYS - 1, 10 + i));
    const day = beijingDayRange(date)!.start;
    const demo = new Demo(`his|report|${idNumber}|${panel.title}|${date}`);
    return { panel, date, demo, collectedMs: day + (7 * 60 + demo.int(30, 120)) * 60_000, reportedMs: day + (10 * 60 + demo.int(0, 420, 1)) * 60_000 };
  });
  return drafts.sort((a, b) => b.reportedMs - a.reportedMs).map((d, i) => {
    const { panel, demo } = d;
    // The newest report always has one value out of range; the others now and then.
    const forced = i === 0 ? demo.int(0, panel.items.length - 1, 20) : -1;
    const items = panel.items.map((spec, k) => itemOf(spec, demo, 100 + k * 10, female, k === forced || demo.int(0, 99, 30 + k) < 12));
    const hospital = demo.pick(LABS, 40);
    // The ordering department; a hospital without it had the test ordered by its first 内科.
    const dept = hospital.departments.find((x) => x.name === panel.department) ?? hospital.departments.find((x) => x.category === '内科') ?? hospital.departments[0]!;
    const doctor = demo.pick(dept.doctors, 42);
    const summary: HisReportSummary = {
      reportId: `LR${d.date.replace(/-/g, '')}${new Demo(`his|rid|${idNumber}|${panel.title}`).digits(8)}`,
      title: panel.title,
      hospitalName: hospital.name,
      departmentName: dept.name,
      reportedAt: new Date(d.reportedMs).toISOString(),
      abnormalCount: items.filter((x) => x.flag !== 'normal').length,
    };
    return { ...summary, specimen: panel.specimen, doctor: `${doctor.name}（${doctor.title}）`, collectedAt: new Date(d.collectedMs).toISOString(), items };
  });
}

export function reportSummary(r: HisReport): HisReportSummary {
  return { reportId: r.reportId, title: r.title, hospitalName: r.hospitalName, departmentName: r.departmentName, reportedAt: r.reportedAt, abnormalCount: r.abnormalCount };
}
