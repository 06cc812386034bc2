/**
 * Copy the API does not provide: the 办事 channel's fixed entries (each with what its list says
 * when empty) and the 互动 channel's entries.
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

/** An entry of a channel that opens a page of its own (the 互动 channel): no frame copy needed. */
export interface ChannelEntry {
  code: string;
  title: string;
  icon: string;
  color: string;
  summary: string;
  to: string;
}

/** Said under the 互动 entries: the channel's offline way in. */
export const INTERACT_HOTLINE = '也可拨打 12345 政务服务便民热线咨询、反映问题。';

/**
 * 互动 channel entries (seed: 我要咨询 / 我要建议 / 我要投诉 / 常见问题 / 我的回复 / 数据统计 / 答复公开),
 * each a page of issue 11.
 */
export const INTERACT_ENTRIES: ChannelEntry[] = [
  { code: 'consult', title: '我要咨询', icon: 'chat-o', color: '#1557b0', summary: '办事有疑问，向部门咨询', to: '/interact/consult' },
  { code: 'suggest', title: '我要建议', icon: 'bulb-o', color: '#a16207', summary: '对政务服务提出建议', to: '/interact/suggest' },
  { code: 'complain', title: '我要投诉', icon: 'warning-o', color: '#c81e1e', summary: '办事遇到问题可投诉', to: '/interact/complain' },
  { code: 'faq', title: '常见问题', icon: 'question-o', color: '#0e7490', summary: '先查一查常见问题解答', to: '/interact/faq' },
  { code: 'replies', title: '我的回复', icon: 'comment-o', color: '#15803d', summary: '查看工作人员的答复', to: '/interact/replies' },
  { code: 'stats', title: '数据统计', icon: 'bar-chart-o', color: '#6d28d9', summary: '提交与答复情况', to: '/interact/stats' },
  { code: 'public', title: '答复公开', icon: 'records-o', color: '#0f766e', summary: '看看别人问过什么', to: '/interact/public' },
];

export function findEntry(list: FrameEntry[], code: string): FrameEntry | undefined {
  return list.find((e) => e.code === code);
}
