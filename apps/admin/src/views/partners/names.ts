import { PARTNER_TITLES } from '@dz/contracts';
import type { BreakerState, PartnerSystemView } from '@/api/partners';

type TagType = 'success' | 'warning' | 'danger' | 'info' | 'primary';

/** 熔断器: closed lets calls through, open refuses them for a while, half-open lets a trial call through. */
export const BREAKER_NAMES: Record<BreakerState, string> = { closed: '正常', open: '熔断中', 'half-open': '试探中' };
export const BREAKER_TAG: Record<BreakerState, TagType> = { closed: 'success', open: 'danger', 'half-open': 'warning' };

export const partnerTitle = (key: string) => PARTNER_TITLES[key] ?? key;
export const PARTNER_OPTIONS = Object.entries(PARTNER_TITLES).map(([value, label]) => ({ value, label }));

/** 配置来源 as a tag: this site's own configuration, an ancestor's, or the server's environment variables. */
export function sourceTag(row: Pick<PartnerSystemView, 'source' | 'siteName' | 'siteCode'>): { text: string; type: TagType } {
  if (row.source === 'site') return { text: '本站点', type: 'primary' };
  if (row.source === 'inherited') return { text: `继承自${row.siteName ?? row.siteCode ?? '上级站点'}`, type: 'info' };
  return { text: '环境变量', type: 'warning' };
}
