/**
 * Default channel pages of 达州市 (511700), laid out as the seed's 整体页面栏目规划 lists them
 * (首页: 标题栏, Banner, 电子证照, 服务专区, 在线办事, 便民服务; 办事: 个人办事, 法人办事; 便民: 主题服务).
 * Counties inherit them until an operator publishes their own. Idempotent: a channel that already
 * has any version is left alone, so an operator's work is never overwritten.
 *
 * The banner images are generated inline SVG: no hot-linked images (CSP img-src is 'self' data:),
 * and they say 演示数据 so nobody mistakes them for real announcements (DOMAIN.md "Demo data").
 */
import { ZONE_CODES, checkPageBlocks, type PageBlock, type PageChannel } from '@dz/contracts';
import type { AppContext } from '../../infra/context.js';
import { nowIso } from '../../infra/time.js';
import { isDuplicateKey } from '../../infra/duplicate-key.js';
import { PagesRepository } from './pages.repository.js';

const SEED_SITE = '511700';

/** A 750×300 banner: white text on a dark gradient (contrast ≥ 4.5:1, GB/T 37668). */
export function bannerSvg(title: string, subtitle: string, from: string, to: string): string {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="750" height="300" viewBox="0 0 750 300">` +
    `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient></defs>` +
    `<rect width="750" height="300" fill="url(#g)"/>` +
    `<circle cx="660" cy="60" r="150" fill="#ffffff" fill-opacity="0.08"/><circle cx="600" cy="300" r="110" fill="#ffffff" fill-opacity="0.06"/>` +
    `<text x="48" y="128" font-family="sans-serif" font-size="46" font-weight="700" fill="#ffffff">${title}</text>` +
    `<text x="48" y="186" font-family="sans-serif" font-size="26" fill="#ffffff">${subtitle}</text>` +
    `<text x="48" y="256" font-family="sans-serif" font-size="20" fill="#ffffff">天府通办 · 达州分站（演示数据）</text>` +
    `</svg>`;
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

const titleBar = (id: string, showScan = true): PageBlock => ({ id, type: 'titleBar', showSearch: true, showScan, showMessages: true });

export const DEFAULT_PAGES: Record<PageChannel, PageBlock[]> = {
  home: [
    titleBar('home-title'),
    {
      id: 'home-banner',
      type: 'banner',
      items: [
        { image: bannerSvg('掌上办 · 指尖办', '高频事项手机办理，少跑腿', '#1e3a8a', '#0e7490'), title: '掌上办专区：高频事项手机办理', link: '/zones/palm' },
        { image: bannerSvg('公积金服务专区', '查询、提取、贷款一站办', '#7c2d12', '#9a3412'), title: '公积金服务专区：查询、提取、贷款一站办', link: '/zones/housing-fund' },
      ],
    },
    { id: 'home-licences', type: 'licences', title: '电子证照' },
    { id: 'home-zones', type: 'zoneGrid', title: '服务专区', zoneCodes: [...ZONE_CODES] },
    { id: 'home-online', type: 'appGrid', title: '在线办事', source: 'theme', theme: 'enterprise', limit: 8 },
    { id: 'home-life', type: 'appGrid', title: '便民服务', source: 'theme', theme: 'health', limit: 8 },
    { id: 'home-news', type: 'newsList', title: '资讯', limit: 5 },
  ],
  affairs: [
    titleBar('affairs-title', false),
    { id: 'affairs-person', type: 'itemList', title: '个人办事', audience: 'person', limit: 10 },
    { id: 'affairs-corp', type: 'itemList', title: '法人办事', audience: 'corp', limit: 10 },
  ],
  services: [
    titleBar('services-title', false),
    { id: 'services-health', type: 'appGrid', title: '医疗健康', source: 'theme', theme: 'health', limit: 8 },
    { id: 'services-fund', type: 'appGrid', title: '公积金', source: 'theme', theme: 'housing-fund', limit: 8 },
    { id: 'services-life', type: 'appGrid', title: '生活服务', source: 'theme', theme: 'life', limit: 8 },
    { id: 'services-traffic', type: 'appGrid', title: '交通出行', source: 'theme', theme: 'traffic', limit: 8 },
    { id: 'services-education', type: 'appGrid', title: '教育考试', source: 'theme', theme: 'education', limit: 8 },
    { id: 'services-tourism', type: 'appGrid', title: '文化旅游', source: 'theme', theme: 'culture-tourism', limit: 8 },
  ],
};

export async function seedDefaultPages(ctx: Pick<AppContext, 'db'>): Promise<void> {
  const repo = new PagesRepository(ctx.db);
  for (const [channel, blocks] of Object.entries(DEFAULT_PAGES) as [PageChannel, PageBlock[]][]) {
    if (await repo.exists(SEED_SITE, channel)) continue;
    // A default that fails its own validation would only surface when an operator first edits it.
    const problem = checkPageBlocks(blocks);
    if (problem) throw new Error(`默认页面 ${channel} 不合法：${problem}`);
    try {
      await repo.insert({ site_code: SEED_SITE, channel, version: 1, blocks: JSON.stringify(blocks), note: '系统初始化的默认页面', published_by: null, published_at: nowIso(), is_current: 1 });
    } catch (err) {
      // Two instances starting together both saw no page; the other one's version 1 stands.
      if (!isDuplicateKey(err)) throw err;
    }
  }
}
