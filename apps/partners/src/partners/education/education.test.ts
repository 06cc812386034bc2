import { describe, expect, it } from 'vitest';
import { BizCode, type ExamScoreRow } from '@dz/partner-protocol';
import { isChecksumValid } from '../../lib/id-number.js';
import { TestClock, data, envelope, partnerClient, sandboxForFile } from '../../test/helpers.js';
import { ADULT_CANDIDATES, DEMO_ADULT_CANDIDATE, DEMO_CANDIDATE, ZHONGKAO_CANDIDATES } from './candidates.js';

type Row = Record<string, unknown>;

describe('教育局 招生考试系统 (education)', () => {
  const clock = new TestClock(Date.parse('2026-12-07T02:00:00Z'));
  const sb = sandboxForFile({ now: clock.now });
  const cl = () => partnerClient(sb.app, { now: clock.now });
  const query = async (op: string, body: object) => data<{ rows: Row[] }>(await cl().post(`/v1/education/query/${op}`, body)).rows;

  it('has checksum-valid candidates born in 2011, the demo one first', () => {
    expect(ZHONGKAO_CANDIDATES[0]).toMatchObject(DEMO_CANDIDATE);
    for (const c of ZHONGKAO_CANDIDATES) {
      expect(isChecksumValid(c.idNumber), c.name).toBe(true);
      expect(c.idNumber.slice(6, 10)).toBe('2011');
      expect(c.regNo).toMatch(/^\d{10}$/);
      expect(c.ticketNo).toMatch(/^\d{9}$/);
    }
    for (const c of ADULT_CANDIDATES) expect(isChecksumValid(c.idNumber), c.name).toBe(true);
  });

  it('answers 中考 scores only when ID number, 报名号 and 准考证号 all match one candidate', async () => {
    const rows = (await query('exam-score', DEMO_CANDIDATE)) as unknown as ExamScoreRow[];
    expect(rows).toHaveLength(1);
    const r = rows[0]!;
    expect(r).toMatchObject({ name: DEMO_CANDIDATE.name, regNo: DEMO_CANDIDATE.regNo, ticketNo: DEMO_CANDIDATE.ticketNo, year: 2026 });
    expect(r.subjects.map((s) => s.subject)).toEqual(['语文', '数学', '英语', '物理', '化学', '道德与法治', '历史', '地理', '生物']);
    expect(r.total).toBe(r.subjects.reduce((s, x) => s + x.score, 0));
    expect(r.totalFull).toBe(785);
    expect(r.subjects.every((s) => s.score >= 0 && s.score <= s.full)).toBe(true);
    expect(r.grades.map((g) => g.subject)).toEqual(['体育与健康', '理化生实验操作', '信息技术']);
    expect(r.remark).toContain('录取控制线');
    expect(await query('exam-score', { idNumber: DEMO_CANDIDATE.idNumber.toLowerCase(), regNo: DEMO_CANDIDATE.regNo, ticketNo: DEMO_CANDIDATE.ticketNo })).toHaveLength(1);

    // Each single wrong field: the same empty answer, whichever it is.
    const other = ZHONGKAO_CANDIDATES[1]!;
    for (const wrong of [{ idNumber: other.idNumber }, { regNo: other.regNo }, { ticketNo: other.ticketNo }, { regNo: '2617020159' }, { ticketNo: '260120316' }, { idNumber: '511702201103150013' }]) {
      const res = await cl().post('/v1/education/query/exam-score', { ...DEMO_CANDIDATE, ...wrong });
      expect(res.statusCode).toBe(200);
      expect(envelope(res), JSON.stringify(wrong)).toEqual({ code: '0000', message: 'ok', data: { rows: [] } });
    }
    // Another candidate's own triple finds that candidate.
    expect((await query('exam-score', other)).map((x) => x.name)).toEqual([other.name]);
    // A malformed field is the citizen's to fix (2004 with what is expected).
    const bad = envelope(await cl().post('/v1/education/query/exam-score', { ...DEMO_CANDIDATE, regNo: '12345' }));
    expect([bad.code, bad.message]).toEqual([BizCode.INVALID_DATA, '报名号应为10位数字']);
    expect(envelope(await cl().post('/v1/education/query/exam-score', { ...DEMO_CANDIDATE, ticketNo: '1234567890' })).message).toBe('准考证号应为9位数字');
  });

  it('成人高考 score and admission for the login\'s ID number with its 准考证号', async () => {
    const score = await query('adult-exam-score', DEMO_ADULT_CANDIDATE);
    expect(score).toHaveLength(1);
    expect(score[0]).toMatchObject({ name: '张*', ticketNo: DEMO_ADULT_CANDIDATE.ticketNo, level: '专科起点升本科', total: 256 });
    expect(Object.keys(score[0]!).sort()).toEqual(['level', 'line', 'major', 'name', 'scores', 'ticketNo', 'total', 'year']);
    const admission = await query('adult-exam-admission', DEMO_ADULT_CANDIDATE);
    expect(admission[0]).toMatchObject({ status: '已录取', school: '四川文理学院（演示）' });
    expect(Object.keys(admission[0]!).sort()).toEqual(['admittedAt', 'level', 'major', 'name', 'school', 'status', 'studyMode', 'ticketNo']);
    const notAdmitted = ADULT_CANDIDATES.find((c) => !c.admission)!;
    expect((await query('adult-exam-admission', notAdmitted))[0]!.status).toMatch(/^未录取/);
    expect(await query('adult-exam-score', { ...DEMO_ADULT_CANDIDATE, ticketNo: '261702109' })).toEqual([]);
    expect(await query('adult-exam-admission', { idNumber: DEMO_ADULT_CANDIDATE.idNumber, ticketNo: notAdmitted.ticketNo })).toEqual([]);
    expect(JSON.stringify(await query('adult-exam-score', DEMO_ADULT_CANDIDATE))).not.toContain(DEMO_ADULT_CANDIDATE.idNumber);
  });

  it('lists 宣汉 schools by keyword', async () => {
    const all = await query('xuanhan-schools', {});
    expect(all.length).toBeGreaterThanOrEqual(10);
    for (const s of all) expect(Object.keys(s).sort()).toEqual(['address', 'enrolmentArea', 'name', 'nature', 'phone', 'stage']);
    expect((await query('xuanhan-schools', { keyword: '幼儿园' })).map((s) => s.stage)).toEqual(['幼儿园', '幼儿园']);
    expect(await query('xuanhan-schools', { keyword: '北京' })).toEqual([]);
  });
});
