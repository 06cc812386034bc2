/**
 * The 教育局's demo candidates: invented, checksum-valid ID numbers (GB 11643) born in 2011 for
 * the 2026 中考, and adult candidates of the 2026 成人高考 (the demo citizen 张三 among them, so the
 * login-bound query finds something). Tests, docs/culture.md and the forms' help name these.
 */

export interface ZhongkaoCandidate {
  name: string;
  idNumber: string;
  /** 报名号: 10 digits (year 26 + county 4 + sequence 4). */
  regNo: string;
  /** 准考证号: 9 digits (year 26 + exam site 3 + room 2 + seat 2). */
  ticketNo: string;
  school: string;
  /** Scores in the order of ZHONGKAO_SUBJECTS. */
  scores: readonly number[];
  /** 体育与健康, 理化生实验操作, 信息技术 */
  grades: readonly [string, string, string];
}

/** The candidate docs/culture.md names for the 中考成绩查询 demo. */
export const DEMO_CANDIDATE = { name: '李雨萱', idNumber: '511702201103150021', regNo: '2617020158', ticketNo: '260120315' } as const;

/** 达州 中考 as the sandbox plays it: written papers (full marks) and graded parts. */
export const ZHONGKAO_SUBJECTS: readonly { subject: string; full: number }[] = [
  { subject: '语文', full: 150 },
  { subject: '数学', full: 150 },
  { subject: '英语', full: 150 },
  { subject: '物理', full: 100 },
  { subject: '化学', full: 75 },
  { subject: '道德与法治', full: 50 },
  { subject: '历史', full: 50 },
  { subject: '地理', full: 30 },
  { subject: '生物', full: 30 },
];
export const ZHONGKAO_GRADED = ['体育与健康', '理化生实验操作', '信息技术'] as const;
export const ZHONGKAO_YEAR = 2026;

export const ZHONGKAO_CANDIDATES: readonly ZhongkaoCandidate[] = [
  { ...DEMO_CANDIDATE, school: '达州市通川区第八中学（演示）', scores: [128, 135, 139, 92, 68, 45, 46, 27, 28], grades: ['A', '合格', '合格'] },
  { name: '王诗涵', idNumber: '511722201108220047', regNo: '2617220233', ticketNo: '260340207', school: '宣汉县昆池中学（演示）', scores: [121, 112, 126, 80, 61, 43, 42, 25, 26], grades: ['B', '合格', '合格'] },
  { name: '张子轩', idNumber: '511725201105060032', regNo: '2617250417', ticketNo: '260510522', school: '渠县第三中学（演示）', scores: [109, 97, 88, 71, 55, 40, 38, 22, 24], grades: ['A', '合格', '合格'] },
  { name: '陈思源', idNumber: '511703201111030018', regNo: '2617030096', ticketNo: '260230114', school: '达州市达川区第四中学（演示）', scores: [131, 142, 137, 96, 72, 46, 47, 28, 29], grades: ['A', '合格', '合格'] },
  { name: '刘欣怡', idNumber: '511781201101190025', regNo: '2617810301', ticketNo: '260710830', school: '万源市第二中学（演示）', scores: [96, 78, 101, 62, 48, 38, 36, 21, 20], grades: ['C', '合格', '不合格'] },
];

export interface AdultCandidate {
  name: string;
  idNumber: string;
  /** 成人高考准考证号: 9 digits. */
  ticketNo: string;
  level: '高中起点升专科' | '高中起点升本科' | '专科起点升本科';
  major: string;
  scores: readonly [subject: string, score: number][];
  /** null: not admitted (below the line). */
  admission: { school: string; studyMode: '业余' | '函授'; admittedAt: string } | null;
}

/** The demo citizen's 成人高考 (the query is bound to the login's ID number). */
export const DEMO_ADULT_CANDIDATE = { name: '张三', idNumber: '511702199001011231', ticketNo: '261702108' } as const;

export const ADULT_YEAR = 2026;

export const ADULT_CANDIDATES: readonly AdultCandidate[] = [
  {
    ...DEMO_ADULT_CANDIDATE,
    level: '专科起点升本科',
    major: '行政管理',
    scores: [['政治', 86], ['英语', 72], ['大学语文', 98]],
    admission: { school: '四川文理学院（演示）', studyMode: '业余', admittedAt: '2026-12-01' },
  },
  {
    name: '周晓东',
    idNumber: '51170219980612003X',
    ticketNo: '261702233',
    level: '高中起点升专科',
    major: '计算机应用技术',
    scores: [['语文', 92], ['数学', 88], ['英语', 65]],
    admission: { school: '达州职业技术学院（演示）', studyMode: '函授', admittedAt: '2026-12-01' },
  },
  {
    name: '杨强',
    idNumber: '511722199503090019',
    ticketNo: '261722041',
    level: '专科起点升本科',
    major: '护理学',
    scores: [['政治', 41], ['英语', 30], ['医学综合', 62]],
    admission: null,
  },
];
