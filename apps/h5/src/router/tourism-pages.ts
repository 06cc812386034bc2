/**
 * 旅游 (issue 15): the pages after 景点介绍 and 景点预约 (those two apps are in app-pages.ts):
 * a spot, its booking steps, a booking with its QR, 常用游客 and the spot's checker page.
 */
import type { RouteRecordRaw } from 'vue-router';

export const tourismRoutes: RouteRecordRaw[] = [];
