/**
 * The landmarks 路线规划 offers besides stops (transit_places), for 达州's demo feed
 * (data/gtfs/dazhou-demo/): real places of 通川区 / 达川区 at approximate positions near the demo
 * stops, marked 演示坐标 in their address. Idempotent: a landmark already there (same site and name)
 * is left as it is, so an operator's correction stays.
 */
import type { AppContext } from '../../infra/context.js';
import { pinyinForms } from '../../features/search/search-index.js';

/** [site, name, address, lat, lng] */
export const TRANSIT_PLACES: [string, string, string, number, number][] = [
  ['511702', '达州站', '通川区西外 达州火车站（演示坐标）', 31.2178, 107.4788],
  ['511702', '达州市中心医院', '通川区南岳庙街 达州市中心医院（演示坐标）', 31.2114, 107.4996],
  ['511702', '达州市中医院', '通川区通川北路 达州市中医院（演示坐标）', 31.2183, 107.4951],
  ['511702', '达州市政务服务中心', '通川区 达州市政务服务中心（演示坐标）', 31.223, 107.5022],
  ['511702', '凤凰山公园', '通川区 凤凰山公园（演示坐标）', 31.2222, 107.5118],
  ['511702', '莲花湖湿地公园', '通川区 莲花湖湿地公园（演示坐标）', 31.2192, 107.5042],
  ['511702', '西外汽车站', '通川区西外大街 西外汽车站（演示坐标）', 31.2201, 107.4823],
  ['511702', '南外汽车站', '通川区南外 南外汽车站（演示坐标）', 31.1946, 107.494],
  ['511702', '达州万达广场', '通川区朝阳东路 达州万达广场（演示坐标）', 31.2146, 107.5016],
  ['511702', '四川文理学院', '通川区北外 四川文理学院（演示坐标）', 31.2327, 107.4968],
  ['511702', '达州市人民公园', '通川区通川北路 人民公园（演示坐标）', 31.2162, 107.4958],
  ['511702', '达州市体育中心', '通川区 达州市体育中心（演示坐标）', 31.2212, 107.5056],
  ['511702', '西圣寺公园', '通川区 西圣寺公园（演示坐标）', 31.2079, 107.4766],
  ['511703', '达川区人民政府', '达川区三里坪 达川区人民政府（演示坐标）', 31.193, 107.5147],
  ['511703', '达川区人民医院', '达川区 达川区人民医院（演示坐标）', 31.191, 107.505],
  ['511703', '长田坝客运站', '达川区长田坝 客运站（演示坐标）', 31.1826, 107.5014],
];

export async function seedTransitPlaces(ctx: Pick<AppContext, 'db'>): Promise<void> {
  const have = new Set((await ctx.db.selectFrom('transit_places').select(['site_code', 'name']).execute()).map((r) => `${r.site_code}|${r.name}`));
  const missing = TRANSIT_PLACES.filter(([site, name]) => !have.has(`${site}|${name}`));
  if (missing.length === 0) return;
  await ctx.db
    .insertInto('transit_places')
    .values(
      missing.map(([site_code, name, address, lat, lng]) => {
        const f = pinyinForms(name);
        return { site_code, name, address, lat, lng, keywords: `${f.py.replace(/\s+/g, '')} ${f.ini.replace(/\s+/g, '')}` };
      }),
    )
    .execute();
}
