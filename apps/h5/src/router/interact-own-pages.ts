import type { RouteRecordRaw } from 'vue-router';

/** 互动 (issue 11), the citizen's own pages: 我要咨询 / 建议 / 投诉, 提交成功, 我的回复. */
export const interactOwnRoutes: RouteRecordRaw[] = [];
