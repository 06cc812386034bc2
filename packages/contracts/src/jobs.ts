import { Type, type Static } from '@sinclair/typebox';

// ---- console jobs (issue 9): work that would hold a request open runs as a job ---------------

/** A console job as the staff member who started it sees it (GET /api/admin/jobs/{id}). */
export const JobView = Type.Object({
  id: Type.Integer(),
  kind: Type.String({ description: '任务类型，如 audit.export、payments.reconcile' }),
  state: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('succeeded'), Type.Literal('failed')], { description: 'queued 排队中 / running 执行中 / succeeded 已完成 / failed 失败' }),
  percent: Type.Integer({ minimum: 0, maximum: 100 }),
  done: Type.Integer(),
  total: Type.Integer(),
  message: Type.Union([Type.String(), Type.Null()], { description: '进度或失败原因（中文）' }),
  result: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  download: Type.Union([Type.Object({ name: Type.String(), bytes: Type.Integer() }), Type.Null()], { description: '可下载（仅一次）的文件' }),
});
export type JobView = Static<typeof JobView>;
export type JobState = JobView['state'];

/** The body of a 202: the job to poll, and whether this request started it or joined one already running. */
export const JobStarted = Type.Object({ jobId: Type.Integer(), created: Type.Boolean() });
export type JobStarted = Static<typeof JobStarted>;
