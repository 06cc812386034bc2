/**
 * 路线规划: `from` / `to` as the API takes them (`stop:<id>` or `<lat>,<lng>`), the date and time
 * defaulting to Beijing now, handed to the site's timetable (RAPTOR, planner/). A stop that is not
 * in the feed is a 404 before any search; a point is walked from / to the stops near it.
 */
import type { PlanQuery, PlanResponse, TransitMode } from '@dz/contracts';
import { badRequest } from '../../infra/errors.js';
import type { PlanPlace, TransitTimetable } from './planner/types.js';
import type { PlacesService } from './places.service.js';
import { stopNotFound, type SiteTimetables } from './site-timetable.js';
import { beijingNow, formatTime, isCalendarDate, parseTime } from './transit-time.js';

export const NO_PLAN = '暂无可乘坐的公交方案，建议调整出发时间或地点';

export class PlanService {
  constructor(
    private readonly timetables: SiteTimetables,
    private readonly places: PlacesService,
  ) {}

  private async place(tt: TransitTimetable, feedSite: string, value: string, field: 'from' | 'to'): Promise<PlanPlace> {
    if (value.startsWith('stop:')) {
      const stopId = value.slice(5);
      if (!tt.stop(stopId)) throw stopNotFound();
      return { stopId };
    }
    const [lat, lng] = value.split(',').map(Number) as [number, number];
    if (!(Math.abs(lat) <= 90 && Math.abs(lng) <= 180)) throw badRequest(field === 'from' ? '起点坐标无效' : '终点坐标无效', { [field]: '坐标超出范围' });
    // A landmark picked in the place search comes as its point: the legs then say its name.
    const name = await this.places.nameAt(feedSite, lat, lng);
    return name ? { lat, lng, name } : { lat, lng };
  }

  async plan(q: PlanQuery): Promise<PlanResponse> {
    const { tt, feedSite } = await this.timetables.require(q.site);
    const from = await this.place(tt, feedSite, q.from, 'from');
    const to = await this.place(tt, feedSite, q.to, 'to');
    const now = beijingNow();
    const date = q.date ?? now.date;
    if (!isCalendarDate(date)) throw badRequest('出发日期无效', { date: '日期不存在' });
    const time = q.time !== undefined ? parseTime(q.time) : now.seconds;
    const mode: TransitMode = q.mode ?? 'fastest';
    const r = tt.plan({ from, to, date, time, mode });
    return {
      mode,
      date,
      time: formatTime(time),
      itineraries: r.itineraries,
      ...(r.itineraries.length === 0 ? { message: r.message ?? NO_PLAN } : {}),
    };
  }
}
