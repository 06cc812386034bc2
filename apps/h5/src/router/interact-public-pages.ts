import type { RouteRecordRaw } from 'vue-router';

/** 互动 (issue 11), the public pages: 常见问题, 答复公开, 数据统计. */
export const interactPublicRoutes: RouteRecordRaw[] = [];
