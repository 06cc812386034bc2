import type { Component } from 'vue';
import { ChatDotRound, Connection, DataAnalysis, Files, Iphone, Lock, OfficeBuilding, Tickets } from '@element-plus/icons-vue';

/** Menu groups; a feature module names its group in `meta.group`. */
export interface MenuGroup {
  key: string;
  title: string;
  icon: Component;
  order: number;
}

// The portal's daily work (pages, content, figures) comes before the rarer account administration.
export const MENU_GROUPS: MenuGroup[] = [
  { key: 'mobile', title: '移动端管理', icon: Iphone, order: 4 },
  { key: 'cases', title: '办件管理', icon: Tickets, order: 5 },
  { key: 'interact', title: '互动管理', icon: ChatDotRound, order: 5.5 },
  { key: 'content', title: '内容管理', icon: Files, order: 6 },
  { key: 'stats', title: '统计分析', icon: DataAnalysis, order: 8 },
  { key: 'integration', title: '接口与支付', icon: Connection, order: 9 },
  { key: 'org-auth', title: '组织授权', icon: OfficeBuilding, order: 10 },
  { key: 'security', title: '安全审计', icon: Lock, order: 20 },
];

export function groupOf(key: string | undefined): MenuGroup | undefined {
  return key ? MENU_GROUPS.find((g) => g.key === key) : undefined;
}
