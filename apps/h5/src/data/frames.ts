/**
 * Copy the API does not provide: the 办事 channel's fixed entries and the 互动 channel (its API
 * comes later). Each says what the page holds and what the citizen can do today.
 */
export interface FrameEntry {
  code: string;
  title: string;
  icon: string;
  color: string;
  summary: string;
  empty: string;
  hint?: string;
  actionText?: string;
  actionTo?: string;
}

const HOTLINE = '如需帮助，可拨打 12345 政务服务便民热线。';

/**
 * 办事 channel entries: the four ways into the 事项 catalogue the seed names. They are the
 * channel's fixed navigation (the configurable part of the page is its blocks).
 */
export const AFFAIR_ENTRIES: FrameEntry[] = [
  {
    code: 'person',
    title: '个人办事',
    icon: 'user-o',
    color: '#1557b0',
    summary: '本市个人事项',
    empty: '本站点暂无个人事项',
    hint: '可以切换到上级站点，或用搜索查找要办的事。',
  },
  {
    code: 'corp',
    title: '法人办事',
    icon: 'shop-o',
    color: '#6d28d9',
    summary: '本市法人事项',
    empty: '本站点暂无法人事项',
    hint: '可以切换到上级站点，或用搜索查找要办的事。',
  },
  {
    code: 'departments',
    title: '部门分类',
    icon: 'cluster-o',
    color: '#0e7490',
    summary: '按办事部门查找',
    empty: '本站点暂无办事部门',
    hint: '可以切换到上级站点，或用搜索查找要办的事。',
  },
  {
    code: 'topics',
    title: '主题分类',
    icon: 'apps-o',
    color: '#a16207',
    summary: '按生活主题查找',
    empty: '这个主题下暂无事项',
    hint: '可以换一个主题看看，或用搜索查找要办的事。',
  },
];

/** 互动 channel entries (seed: 我要咨询 / 我要建议 / 我要投诉 / 常见问题 / 我的回复 / 数据统计). */
export const INTERACT_ENTRIES: FrameEntry[] = [
  {
    code: 'consult',
    title: '我要咨询',
    icon: 'chat-o',
    color: '#1557b0',
    summary: '办事有疑问，向部门咨询',
    empty: '在线咨询即将开通',
    hint: `开通后可在此填写咨询内容，提交后由工作人员审核并答复。${HOTLINE}`,
  },
  {
    code: 'suggest',
    title: '我要建议',
    icon: 'bulb-o',
    color: '#a16207',
    summary: '对政务服务提出建议',
    empty: '在线建议即将开通',
    hint: `开通后可在此提交您的建议，工作人员审核后会给出答复。${HOTLINE}`,
  },
  {
    code: 'complain',
    title: '我要投诉',
    icon: 'warning-o',
    color: '#c81e1e',
    summary: '办事遇到问题可投诉',
    empty: '在线投诉即将开通',
    hint: `开通后可在此填写投诉内容并上传材料，工作人员受理后答复。${HOTLINE}`,
  },
  {
    code: 'faq',
    title: '常见问题',
    icon: 'question-o',
    color: '#0e7490',
    summary: '查看常见问题解答',
    empty: '常见问题正在整理',
    hint: '整理完成后可在此搜索并查看常见问题的解答。',
  },
  {
    code: 'replies',
    title: '我的回复',
    icon: 'comment-o',
    color: '#15803d',
    summary: '查看工作人员的答复',
    empty: '暂无回复',
    hint: '您提交咨询、建议或投诉后，工作人员的答复会显示在这里。',
  },
  {
    code: 'stats',
    title: '数据统计',
    icon: 'bar-chart-o',
    color: '#6d28d9',
    summary: '咨询建议投诉办理情况',
    empty: '暂无统计数据',
    hint: '这里将公开咨询、建议、投诉的提交条数和答复条数。',
  },
];

export function findEntry(list: FrameEntry[], code: string): FrameEntry | undefined {
  return list.find((e) => e.code === code);
}
