/**
 * Demo data for 办事预约 (embedded profile only): three service halls with a few windows each and
 * two weeks of weekday slots. Idempotent like the rest of the seed: halls and windows are found
 * by name, slots by their unique (window, day, start) key, so each start only tops up what is
 * missing — the slots are planned from "today" every time, which keeps the demo bookable on any
 * date. Names are real district seats; addresses and phone numbers are invented (marked 演示).
 */
import type { AppContext } from '../../infra/context.js';
import { nowIso } from '../../infra/time.js';
import { addDays, beijingToday } from '../../features/appointments/beijing-time.js';
import { HallsRepository, parseItemIds } from '../../features/appointments/halls.repository.js';
import { generateSlots } from '../../features/appointments/slot-generation.js';

interface DemoWindow {
  name: string;
  /** Matched against the item's and its department's names; null = the 综合受理 window, which takes the rest. */
  keywords: string[] | null;
}

interface DemoHall {
  siteCode: string;
  name: string;
  address: string;
  phone: string;
  hours: string;
  windows: DemoWindow[];
}

const HOURS = '工作日 9:00-12:00，14:00-17:00（法定节假日除外）';
const SOCIAL = ['社保', '社会保险', '医保', '医疗保险', '养老', '失业', '就业', '人力资源', '退休'];
const HOUSING = ['公积金', '不动产', '房屋', '房产'];
const POLICE = ['户籍', '户口', '身份证', '居住证', '公安', '出入境', '驾驶'];

const DEMO_HALLS: DemoHall[] = [
  {
    siteCode: '511700',
    name: '达州市政务服务中心',
    address: '达州市通川区西外镇达州大道（演示地址）',
    phone: '0818-2000001（演示）',
    hours: HOURS,
    windows: [
      { name: '1号窗口·综合受理', keywords: null },
      { name: '2号窗口·社保医保', keywords: SOCIAL },
      { name: '3号窗口·公积金与不动产', keywords: HOUSING },
      { name: '4号窗口·公安户政', keywords: POLICE },
    ],
  },
  {
    siteCode: '511702',
    name: '通川区政务服务中心',
    address: '达州市通川区朝阳东路（演示地址）',
    phone: '0818-2000002（演示）',
    hours: HOURS,
    windows: [
      { name: '1号窗口·综合受理', keywords: null },
      { name: '2号窗口·社保医保', keywords: SOCIAL },
      { name: '3号窗口·公安户政', keywords: POLICE },
    ],
  },
  {
    siteCode: '511722',
    name: '宣汉县政务服务中心',
    address: '达州市宣汉县东乡街道（演示地址）',
    phone: '0818-2000003（演示）',
    hours: HOURS,
    windows: [
      { name: '1号窗口·综合受理', keywords: null },
      { name: '2号窗口·社保医保', keywords: SOCIAL },
    ],
  },
];

const DEMO_TIMES = ['09:00-10:00', '10:00-11:00', '11:00-12:00', '14:00-15:00', '15:00-16:00', '16:00-17:00'].map((r) => {
  const [start = '', end = ''] = r.split('-');
  return { start, end, capacity: 5 };
});
const DEMO_DAYS = 14;

/**
 * Splits the site's bookable items over the hall's windows: each item goes to the first
 * specialised window whose keywords match it, otherwise to 综合受理 — one window per item and
 * hall, so the citizen sees each time once.
 */
function routeItems(windows: DemoWindow[], items: { id: number; name: string; department: string | null }[]): Map<string, number[]> {
  const out = new Map<string, number[]>(windows.map((w) => [w.name, []]));
  const general = windows.find((w) => w.keywords === null);
  for (const item of items) {
    const text = `${item.name} ${item.department ?? ''}`;
    const target = windows.find((w) => w.keywords?.some((k) => text.includes(k))) ?? general;
    if (target) out.get(target.name)!.push(item.id);
  }
  return out;
}

export async function seedAppointments(ctx: AppContext): Promise<void> {
  if (ctx.config.profile !== 'embedded') return;
  const repo = new HallsRepository(ctx.db);
  const now = Date.now();
  const today = beijingToday(now);

  for (const demo of DEMO_HALLS) {
    let hall = await repo.findHallByName(demo.siteCode, demo.name);
    if (!hall) {
      const id = await repo.insertHall({ site_code: demo.siteCode, name: demo.name, address: demo.address, phone: demo.phone, hours: demo.hours, created_at: nowIso() });
      hall = (await repo.findHall(id))!;
    }
    const routed = routeItems(demo.windows, await repo.bookableItemsOfSite(demo.siteCode));

    for (const w of demo.windows) {
      const itemIds = routed.get(w.name) ?? [];
      let window = await repo.findWindowByName(hall.id, w.name);
      if (!window) {
        const id = await repo.insertWindow({ hall_id: hall.id, name: w.name, item_ids: itemIds });
        window = (await repo.findWindow(id))!;
      } else if (parseItemIds(window.item_ids).length === 0 && itemIds.length > 0) {
        // The catalog may be seeded after this (or later gain bookable items): a demo window left
        // empty gets its share then. A list an operator filled in is never overwritten.
        await repo.updateWindow(window.id, { itemIds });
      }
      await generateSlots(ctx.db, window, { from: today, to: addDays(today, DEMO_DAYS - 1), weekdays: [1, 2, 3, 4, 5], times: DEMO_TIMES }, now);
    }
  }
}
