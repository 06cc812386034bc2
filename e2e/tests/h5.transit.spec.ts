import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { sandboxUrl } from './fixtures.js';

/**
 * 实时公交 (issue 13) against the demo GTFS feed (data/gtfs/dazhou-demo, imported by the seed) and
 * the sandbox bus company, which runs buses along it and publishes GTFS-Realtime: 附近线路 at a
 * 通川区 point (朝阳中路), an arrival that changes when a bus is delayed, a line with its buses,
 * a stop, 最近使用 (listed, one deleted), the place fallback without a position, and axe-core in
 * 标准版 and 长辈版. Anonymous: 最近使用 is this browser's (device id).
 *
 * The buses follow the timetable in Beijing time. At night only 夜班N1 runs (every 30 min, all
 * night, past 朝阳中路), so a live bus at this stop is not certain then: outside day service the
 * steps that need one try once and, without one, say so in the report (annotation) and check the
 * timetable's 计划 times, which N1 guarantees at any hour.
 */

/** 朝阳中路 (TC020), 通川区: 达州市中心医院 (TC030) is about 400 m away. */
const CHAOYANG = { latitude: 31.2135, longitude: 107.496 };
const STOP = 'TC020';
const control = () => `${sandboxUrl()}/_control/bus`;

interface StopAnswer {
  realtime: boolean;
  routes: { routeId: string; directionId: number; arrivals: { tripId: string; realtime: boolean; delayS?: number; minutes: number }[] }[];
}

/** A line at the stop whose next bus is seen live (not K1: its trips repeat by headway). */
async function liveLine(request: APIRequestContext): Promise<{ routeId: string; directionId: number; tripId: string; delayS: number } | null> {
  const res = await request.get(`/api/transit/stops/${STOP}`);
  expect(res.ok()).toBe(true);
  const body = (await res.json()) as StopAnswer;
  for (const r of body.routes) {
    const a = r.arrivals[0];
    if (a?.realtime && r.routeId !== 'K1') return { routeId: r.routeId, directionId: r.directionId, tripId: a.tripId, delayS: a.delayS ?? 0 };
  }
  return null;
}

/** 06:15–23:45 Beijing: the day lines run (first bus 06:00, last 1路 22:30); at night only N1. */
function inServiceHours(): boolean {
  const d = new Date(Date.now() + 8 * 3600_000);
  const h = d.getUTCHours() + d.getUTCMinutes() / 60;
  return h >= 6.25 && h < 23.75;
}

async function axe(page: Page, label: string): Promise<string[]> {
  await expect(page.locator('.van-skeleton')).toHaveCount(0);
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return r.violations.map((v) => `${label}: ${v.id} ${v.nodes.length} ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

test.describe('with the position allowed at 朝阳中路', () => {
  test.use({ geolocation: CHAOYANG, permissions: ['geolocation'] });

  test.afterEach(async ({ request }) => {
    await request.post(`${control()}/reset`, { data: {} });
  });

  test('附近线路 shows arrivals that change when a bus is delayed; a line shows its buses; 最近使用 lists the stop and the line, and one is deleted', async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto('/apps/realtime-bus');
    // the browser already allows the position: no question, straight to the stops around it
    await expect(page.getByTestId('nearby-origin')).toContainText('我的位置附近');
    const card = page.getByTestId(`stop-${STOP}`);
    await expect(card).toBeVisible();
    await expect(page.getByTestId('stop-TC030')).toBeVisible();
    await expect(card.getByTestId('arrival-next').first()).toHaveText(/\d+ 分钟|即将到站|\d{2}:\d{2} 计划/);
    await expect(page.getByTestId('live-updated')).toContainText('更新于');

    // The server polls the bus company every 10 s, the first time shortly after it starts: in
    // service hours a live bus at 朝阳中路 is expected within a minute.
    let live: Awaited<ReturnType<typeof liveLine>> = null;
    if (inServiceHours()) {
      await expect.poll(async () => (live = await liveLine(page.request)), { timeout: 60_000, intervals: [2_000] }).not.toBeNull();
    } else live = await liveLine(page.request);
    let routeId = '1';
    if (live) {
      const { tripId, delayS } = live;
      routeId = live.routeId;
      const row = card.getByTestId(`arrival-${STOP}-${live.routeId}-${live.directionId}`);
      const bus = row.locator(`[data-trip="${tripId}"]`).first();
      const minutesOf = async () => Number(/(\d+) 分钟/.exec(await bus.innerText())?.[1] ?? (/即将到站/.test(await bus.innerText()) ? 0 : NaN));
      await expect(async () => {
        await page.getByTestId('live-refresh').click();
        await expect(page.getByTestId('live-refresh')).toBeEnabled();
        expect(await minutesOf()).not.toBeNaN();
      }).toPass({ timeout: 20_000, intervals: [1_000] });
      const before = await minutesOf();
      // the bus company reports that bus 10 minutes later than it was
      const pinned = await page.request.post(`${control()}/delays`, { data: { tripId, delayS: Math.min(3600, delayS + 600) } });
      expect(pinned.ok()).toBe(true);
      // the next poll carries it; 刷新 (or the 20 s refresh) shows the bus about 10 minutes later
      await expect(async () => {
        await page.getByTestId('live-refresh').click();
        await expect(page.getByTestId('live-refresh')).toBeEnabled();
        expect(await minutesOf()).toBeGreaterThanOrEqual(before + 7);
      }).toPass({ timeout: 40_000, intervals: [2_000] });
      await expect(bus).toContainText('分钟');
    } else {
      test.info().annotations.push({ type: 'no buses', description: 'no bus on the road at this hour (Beijing): the arrivals are the timetable’s (计划)' });
      await expect(card.getByTestId('arrival-next').first()).toContainText('计划');
    }

    // the line page from the stop, in the live bus's direction (late in the evening the other
    // direction may have no bus left): its stops in order, the stop marked, the buses between stops
    const rowId = live ? `arrival-${STOP}-${routeId}-${live.directionId}` : `arrival-${STOP}-${routeId}-`;
    await card.locator(`[data-testid${live ? '' : '^'}="${rowId}"] a`).first().click();
    await expect(page).toHaveURL(new RegExp(`/transit/routes/${routeId}\\?`));
    await expect(page.getByTestId(`route-stop-${STOP}`)).toHaveAttribute('aria-current', 'location');
    await expect(page.getByTestId('transit-map')).toHaveAttribute('role', 'img');
    if (live) {
      await expect(page.getByTestId('route-bus-count')).toContainText(/运行中 [1-9]\d* 辆/);
      await expect(page.locator('[data-testid^="route-bus-"]:not([data-testid="route-bus-count"])').first()).toBeVisible();
    }

    // the stop page
    await page.getByTestId(`route-stop-${STOP}`).click();
    await expect(page).toHaveURL(new RegExp(`/transit/stops/${STOP}$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('朝阳中路');
    await expect(page.getByTestId('stop-lines').locator('li').first()).toBeVisible();

    // 最近使用: the stop above the line (newest first); delete the line
    await page.goto('/apps/realtime-bus?tab=history');
    const list = page.getByTestId('history-list');
    await expect(list.locator('li')).toHaveCount(2);
    await expect(list.locator('li').nth(0)).toHaveAttribute('data-testid', `history-stop-${STOP}`);
    await expect(list.locator('li').nth(1)).toHaveAttribute('data-testid', `history-route-${routeId}`);
    await list.getByTestId(`history-route-${routeId}`).getByTestId('history-delete').click();
    await page.getByRole('dialog').getByRole('button', { name: '删除' }).click();
    await expect(list.getByTestId(`history-route-${routeId}`)).toHaveCount(0);
    await page.reload();
    await expect(page.getByTestId(`history-stop-${STOP}`)).toBeVisible();
    await expect(page.getByTestId(`history-route-${routeId}`)).toHaveCount(0);
    // tap to reopen
    await page.getByTestId(`history-stop-${STOP}`).getByRole('link').click();
    await expect(page).toHaveURL(new RegExp(`/transit/stops/${STOP}$`));
  });

  test('the 实时公交 pages have no axe-core violations (WCAG 2.1 AA), in standard and elder mode', async ({ page }) => {
    test.setTimeout(90_000);
    // each page with what shows it has drawn (the map is Leaflet's once it has loaded)
    const pages: [string, string][] = [
      ['/apps/realtime-bus', `stop-${STOP}`],
      [`/transit/stops/${STOP}`, 'stop-lines'],
      ['/transit/routes/1?dir=0&stop=TC020', 'route-stops'],
      ['/apps/realtime-bus?tab=history', 'history-title'],
    ];
    const check = async (prefix: string): Promise<string[]> => {
      const found: string[] = [];
      for (const [path, ready] of pages) {
        await page.goto(path);
        await expect(ready === 'history-title' ? page.locator('#history-title') : page.getByTestId(ready)).toBeVisible();
        if (path.startsWith('/transit/')) await expect(page.locator('[data-testid="transit-map"].leaflet-container')).toBeVisible();
        found.push(...(await axe(page, `${prefix}${path}`)));
      }
      return found;
    };
    expect(await check('')).toEqual([]);
    await page.goto('/');
    await page.getByTestId('elder-toggle').click();
    await expect(page.locator('html')).toHaveClass(/elder/);
    expect(await check('elder ')).toEqual([]);
  });
});

test('without a position, 附近线路 explains, then lets the citizen choose a place (达州站) and keeps it for the session', async ({ page }) => {
  await page.goto('/apps/realtime-bus');
  await expect(page.getByTestId('nearby-intro')).toContainText('查看附近线路需要知道您在哪里');
  await page.getByTestId('nearby-choose').click();
  await page.getByRole('button', { name: '达州站', exact: true }).click();
  await page.getByTestId('nearby-place-stop:TC001').click();
  await expect(page.getByTestId('nearby-origin')).toContainText('达州站附近');
  await expect(page.getByTestId('stop-TC001A')).toBeVisible();
  expect(await axe(page, 'place fallback')).toEqual([]);
  // the choice stays for the session: back on the page, no question again
  await page.reload();
  await expect(page.getByTestId('nearby-origin')).toContainText('达州站附近');
});
