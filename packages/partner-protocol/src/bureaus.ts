/**
 * The business API every bureau system (人社, 公积金, 不动产, 公安, 市场监管, 税务, 医保, 卫健, 公章刻制)
 * speaks to the applications engine. One shape for all of them, because the engine treats a bureau
 * as "a place a case is handed to and a decision comes back from", plus named read operations:
 *
 *   POST /v1/<bureau>/cases               BureauCaseSubmit → BureauCaseReceipt   (Idempotency-Key; one ref per caseNo)
 *   GET  /v1/<bureau>/cases/:ref          → BureauDecision                        (pending until the bureau decides)
 *   POST /v1/<bureau>/instant/:operation  {…input} → BureauInstantResult          (即办: a certificate's content)
 *   POST /v1/<bureau>/query/:operation    {…input} → BureauQueryResult            (查询: records)
 *
 * Reads are POST so ID numbers and plates stay out of URLs and access logs (as for the utilities).
 * Invalid business input (an ID number of the wrong shape, a plate without its engine number) is
 * the business refusal 2004 (BizCode.INVALID_DATA) with a Chinese message the citizen can act on;
 * an unknown ref is 2001. The server validates every answer against these shapes at run time.
 */

export const BureauNames = ['social', 'housing-fund', 'real-estate', 'police', 'market', 'tax', 'medicare', 'health', 'seal', 'transport', 'tourism', 'education'] as const;
export type BureauName = (typeof BureauNames)[number];

/** Chinese names of the bureau systems (接口管理, the sandbox's landing page). */
export const BUREAU_TITLES: Record<BureauName, string> = {
  social: '人社局社会保险系统',
  'housing-fund': '住房公积金管理中心业务系统',
  'real-estate': '不动产登记系统',
  police: '公安局政务服务系统（居住证、户籍、交管）',
  market: '市场监管局登记注册系统',
  tax: '税务局电子税务局',
  medicare: '医疗保障局医保信息平台',
  health: '卫健委出生医学证明系统',
  seal: '公安局公章刻制备案系统',
  transport: '交通运输局道路运输管理系统',
  tourism: '文化广电旅游局文旅信息系统',
  education: '教育局招生考试与学生资助系统',
};

export interface BureauApplicant {
  name: string;
  idNumber: string | null;
  phone: string | null;
}

/** POST /v1/<bureau>/cases */
export interface BureauCaseSubmit {
  /** The portal's case number; the bureau answers the same ref however often it is sent. */
  caseNo: string;
  /** Site (division code) the case was filed at. */
  site: string;
  formCode: string;
  title: string;
  data: Record<string, unknown>;
  applicant: BureauApplicant;
}

export type BureauCaseStatus = 'pending' | 'approved' | 'denied';

export interface BureauCaseReceipt {
  /** The bureau's own number for the case (受理编号). */
  ref: string;
  caseNo: string;
  status: BureauCaseStatus;
  receivedAt: string;
}

/** GET /v1/<bureau>/cases/:ref */
export interface BureauDecision {
  ref: string;
  caseNo: string;
  status: BureauCaseStatus;
  /** The bureau's reason or note (不予许可的理由, 办结意见); null while pending. */
  comment: string | null;
  /** What the bureau issued on approval (证号, 金额, 有效期…); null otherwise. */
  result: Record<string, unknown> | null;
  decidedAt: string | null;
}

export interface BureauRow {
  label: string;
  value: string;
}

/** POST /v1/<bureau>/instant/:operation */
export interface BureauInstantResult {
  title: string;
  rows: BureauRow[];
}

/** POST /v1/<bureau>/query/:operation */
export interface BureauQueryResult {
  rows: Record<string, unknown>[];
}

/** POST /_control/<bureau>/cases/:ref/decide (sandbox only, for tests). */
export interface BureauDecideControl {
  status: 'approved' | 'denied';
  comment?: string;
}
