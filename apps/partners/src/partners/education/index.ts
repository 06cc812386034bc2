/**
 * 达州市教育局 招生考试与学生资助系统（模拟）: 中考成绩 (exam-score), 宣汉县学校, 成人高考成绩与录取.
 * A candidate's result is found only when every identifying field matches one candidate; the
 * bureau never says which field is wrong, and it does the same work whatever is wrong: the lookup
 * is one hash of all the fields against a table of the candidates' hashes.
 */
import { createHash } from 'node:crypto';
import type { ExamScoreRow } from '@dz/partner-protocol';
import type { BureauSpec, Input } from '../bureau/module.js';
import { beijingDay, maskName } from '../bureau/demo.js';
import { ADULT_CANDIDATES, ADULT_YEAR, ZHONGKAO_CANDIDATES, ZHONGKAO_GRADED, ZHONGKAO_SUBJECTS, ZHONGKAO_YEAR, type AdultCandidate, type ZhongkaoCandidate } from './candidates.js';
import { XUANHAN_SCHOOLS } from './schools.js';

/** One key from all the fields: a wrong field of any kind misses the same way. */
const keyOf = (...fields: string[]) => createHash('sm3').update(fields.join('\u0000')).digest('hex');

const ZHONGKAO_BY_KEY: ReadonlyMap<string, ZhongkaoCandidate> = new Map(ZHONGKAO_CANDIDATES.map((c) => [keyOf(c.idNumber, c.regNo, c.ticketNo), c]));
const ADULT_BY_KEY: ReadonlyMap<string, AdultCandidate> = new Map(ADULT_CANDIDATES.map((c) => [keyOf(c.idNumber, c.ticketNo), c]));

const ZHONGKAO_TOTAL_FULL = ZHONGKAO_SUBJECTS.reduce((s, x) => s + x.full, 0);
/** 2026年 达州市 普通高中 录取控制线 as the sandbox plays it. */
const ZHONGKAO_LINE = 560;

function examScoreRow(c: ZhongkaoCandidate): ExamScoreRow {
  const subjects = ZHONGKAO_SUBJECTS.map((s, i) => ({ subject: s.subject, score: c.scores[i]!, full: s.full }));
  const total = subjects.reduce((s, x) => s + x.score, 0);
  return {
    name: c.name,
    regNo: c.regNo,
    ticketNo: c.ticketNo,
    school: c.school,
    year: ZHONGKAO_YEAR,
    subjects,
    total,
    totalFull: ZHONGKAO_TOTAL_FULL,
    grades: ZHONGKAO_GRADED.map((subject, i) => ({ subject, grade: c.grades[i]! })),
    remark: `${ZHONGKAO_YEAR}年达州市普通高中统招录取控制线 ${ZHONGKAO_LINE} 分（演示数据），${total >= ZHONGKAO_LINE ? '本人总分已达线' : '本人总分未达线，可关注职业学校及补录安排'}；体育与健康按等级计入，A≥90、B≥75、C≥60。成绩以达州市招生考试机构公布为准。`,
  };
}

const LEVEL_SUBJECTS_FULL = 150;
const ADULT_LINES: Record<AdultCandidate['level'], number> = { 高中起点升专科: 120, 高中起点升本科: 180, 专科起点升本科: 140 };

const adult = (input: Input) => ADULT_BY_KEY.get(keyOf(input.idNumber!, input.ticketNo!));

export const educationSpec: BureauSpec = {
  name: 'education',
  title: '教育局 · 招生考试与学生资助系统',
  owner: '达州市教育局（模拟）',
  description: '查询中考成绩（身份证号、报名号、准考证号三项一致才返回）、宣汉县中小学与幼儿园及招生范围、成人高考成绩与录取结果。全部为演示数据，考生为虚构人员。',
  refPrefix: 'JY',
  approveComment: '审核通过，请按短信通知办理后续手续',
  result: (_c, ref, _demo, decidedAt) => ({ 审批编号: ref, 办结日期: beijingDay(decidedAt), 承办单位: '达州市教育局' }),
  instant: {},
  query: {
    'exam-score': {
      summary: `中考成绩 {idNumber, regNo: 报名号10位, ticketNo: 准考证号9位} → [{name, regNo, ticketNo, school, year, subjects, total, totalFull, grades, remark}]；三项不一致时为 []（不提示哪一项有误）`,
      input: { idNumber: 'idNumber', regNo: 'regNo', ticketNo: 'ticketNo' },
      run: (input) => {
        const c = ZHONGKAO_BY_KEY.get(keyOf(input.idNumber!, input.regNo!, input.ticketNo!));
        return c ? [examScoreRow(c) as unknown as Record<string, unknown>] : [];
      },
    },
    'xuanhan-schools': {
      summary: '宣汉县学校 {keyword?: 校名、学段或乡镇} → {name, stage, nature, address, enrolmentArea, phone}',
      input: { keyword: 'keyword?' },
      run: (input) =>
        XUANHAN_SCHOOLS.filter((s) => !input.keyword || [s.name, s.stage, s.address, s.enrolmentArea].some((f) => f.toUpperCase().includes(input.keyword!))).map((s) => ({ ...s })),
    },
    'adult-exam-score': {
      summary: `成人高考成绩（本人）{idNumber, ticketNo} → {name, ticketNo, year, level, major, scores, total, line}（姓名脱敏）；不一致为 []`,
      input: { idNumber: 'idNumber', ticketNo: 'ticketNo' },
      run: (input) => {
        const c = adult(input);
        if (!c) return [];
        const total = c.scores.reduce((s, [, x]) => s + x, 0);
        return [{
          name: maskName(c.name),
          ticketNo: c.ticketNo,
          year: String(ADULT_YEAR),
          level: c.level,
          major: c.major,
          scores: c.scores.map(([subject, score]) => `${subject} ${score}/${LEVEL_SUBJECTS_FULL}`).join('；'),
          total,
          line: `${ADULT_LINES[c.level]}（四川省${ADULT_YEAR}年成人高校招生最低控制分数线，演示）`,
        }];
      },
    },
    'adult-exam-admission': {
      summary: '成人高考录取（本人）{idNumber, ticketNo} → {name, ticketNo, status, school, major, level, studyMode, admittedAt}（姓名脱敏）；不一致为 []',
      input: { idNumber: 'idNumber', ticketNo: 'ticketNo' },
      run: (input) => {
        const c = adult(input);
        if (!c) return [];
        const a = c.admission;
        return [{
          name: maskName(c.name),
          ticketNo: c.ticketNo,
          status: a ? '已录取' : '未录取（总分未达最低控制分数线）',
          school: a?.school ?? '—',
          major: a ? c.major : '—',
          level: c.level,
          studyMode: a?.studyMode ?? '—',
          admittedAt: a?.admittedAt ?? '—',
        }];
      },
    },
  },
};
