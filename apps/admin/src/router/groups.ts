import type { Component } from 'vue';
import { Lock, OfficeBuilding } from '@element-plus/icons-vue';

/** Menu groups; a feature module names its group in `meta.group`. */
export interface MenuGroup {
  key: string;
  title: string;
  icon: Component;
  order: number;
}

export const MENU_GROUPS: MenuGroup[] = [
  { key: 'org-auth', title: '组织授权', icon: OfficeBuilding, order: 10 },
  { key: 'security', title: '安全审计', icon: Lock, order: 20 },
];

export function groupOf(key: string | undefined): MenuGroup | undefined {
  return key ? MENU_GROUPS.find((g) => g.key === key) : undefined;
}
