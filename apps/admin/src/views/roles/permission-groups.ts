import { PERMISSIONS } from '@dz/contracts';
import type { PermissionOption } from '@/api/types';

/** Prefix of a permission code (`staff:read` → `staff`) → the area it belongs to, for grouping checkboxes. */
const AREAS: Record<string, string> = {
  staff: '工作人员',
  role: '角色',
  org: '组织机构',
  audit: '安全审计',
  user: '注册用户',
  content: '页面与内容',
  case: '办件',
  partner: '接口管理',
  // payment:gateway (支付平台配置) sits here too: granting it is a decision about money.
  payment: '支付与对账',
};

export function permissionName(code: string, options: PermissionOption[] = []): string {
  return options.find((o) => o.code === code)?.name ?? (PERMISSIONS as Record<string, string>)[code] ?? code;
}

/** The server's list when it answered, else the list compiled into @dz/contracts. */
export function withFallback(options: PermissionOption[]): PermissionOption[] {
  if (options.length) return options;
  return Object.entries(PERMISSIONS).map(([code, name]) => ({ code, name }));
}

export function groupPermissions(options: PermissionOption[]): { area: string; items: PermissionOption[] }[] {
  const groups = new Map<string, PermissionOption[]>();
  for (const o of options) {
    const prefix = o.code.split(':')[0] ?? o.code;
    const area = AREAS[prefix] ?? '其他';
    groups.set(area, [...(groups.get(area) ?? []), o]);
  }
  return [...groups.entries()].map(([area, items]) => ({ area, items }));
}
