/**
 * 文体教育 (issue 15): the pages after 资助政策查询 and 图书馆（文化馆）预约 (those apps are in
 * app-pages.ts): a policy, a venue's dates and slots, a venue booking.
 */
import type { RouteRecordRaw } from 'vue-router';

export const cultureRoutes: RouteRecordRaw[] = [];
