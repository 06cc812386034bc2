import type { AppKind, AppStatus } from '@/api/catalog';

export const APP_STATUS_NAMES: Record<AppStatus, string> = { online: '上线', coming: '即将上线', offline: '下线' };
export const KIND_NAMES: Record<AppKind, string> = { route: 'H5 内置页面', external: '外部 H5', item: '办事指南', form: '在线表单' };
export const AUDIENCE_NAMES: Record<string, string> = { person: '个人', corp: '法人', both: '个人和法人' };
export const STATUS_TAG: Record<AppStatus, 'success' | 'warning' | 'info'> = { online: 'success', coming: 'warning', offline: 'info' };
