/**
 * Demo scenic spots of 达州市 (site 511700), DOMAIN.md's six: real places in their real counties,
 * each linked to the sandbox 文旅预约平台's resource (BSDXG, BTS, ZFS, CRG, LHH, FHS). Levels,
 * tickets, hours and phone numbers are plausible demo figures (the intros say 演示 where they are
 * invented); 实景图 are generated artwork (artwork.ts) stored in the file centre. Idempotent: a spot
 * missing by (site, name) is inserted with its pictures; an existing one — perhaps edited by an
 * operator — is left alone.
 */
import type { AppContext } from '../../../infra/context.js';
import { nowIso } from '../../../infra/time.js';
import { savePublicFile } from '../../../features/file-centre/file-centre.service.js';
import { pinyinForms } from '../../../features/search/search-index.js';
import { spotArtwork, type Scene } from './artwork.js';

const SITE = '511700';

interface DemoSpot {
  key: string;
  name: string;
  county: string;
  level: string;
  summary: string;
  intro: string;
  openHours: string;
  tickets: string;
  address: string;
  phone: string;
  lat: number;
  lng: number;
  tags: string[];
  scenes: Scene[];
}

export const DEMO_SPOTS: readonly DemoSpot[] = [
  {
    key: 'BSDXG',
    name: '巴山大峡谷',
    county: '511722',
    level: '4A',
    summary: '川东第一大峡谷，溶洞、天坑与土家风情',
    intro:
      '巴山大峡谷位于宣汉县东北部的渡口、三墩、漆树一带，地处大巴山南麓，峡谷幽深、山势雄奇，集峡谷、溶洞、天坑、瀑布与原始森林于一体，被誉为“川东第一大峡谷”。\n\n' +
      '景区内土家族文化浓郁，可以欣赏土家摆手舞、品尝腊肉与社饭，秋季满山红叶，冬季偶有雾凇。峡谷内步道与观景台沿溪而建，适合徒步、摄影与研学。\n\n' +
      '（演示数据：游览线路、票价与开放时间为示例，请以景区公告为准。）',
    openHours: '08:30–16:30 入园，17:30 清园',
    tickets: '成人 100 元；学生、60–69 周岁老年人 50 元；6 周岁以下或身高 1.2 米以下儿童、70 周岁以上老人免票（演示票价）',
    address: '达州市宣汉县渡口土家族乡',
    phone: '0818-5200000（演示）',
    lat: 31.76,
    lng: 108.17,
    tags: ['峡谷', '溶洞', '土家风情'],
    scenes: ['gorge', 'valley'],
  },
  {
    key: 'BTS',
    name: '八台山',
    county: '511781',
    level: '4A',
    summary: '“巴山之巅”，独秀峰与龙潭河云海',
    intro:
      '八台山位于万源市东部八台镇，主峰海拔两千余米，因山体自下而上形成八级台地而得名，素有“巴山之巅”之称。登顶可远眺川、陕、渝三省市群山，清晨常见云海翻涌。\n\n' +
      '景区有独秀峰、龙潭河、十八里画廊等景点，夏季凉爽宜人，是避暑胜地；冬季积雪覆盖，可赏雪景。山路弯道较多，自驾请注意安全。\n\n' +
      '（演示数据：票价、观光车与开放时间为示例，请以景区公告为准。）',
    openHours: '08:30–16:30 入园（冬季视天气调整）',
    tickets: '成人 80 元，观光车另计 30 元；优惠政策同国家规定（演示票价）',
    address: '达州市万源市八台镇',
    phone: '0818-8600000（演示）',
    lat: 32.03,
    lng: 108.3,
    tags: ['避暑', '云海', '登山'],
    scenes: ['mountain', 'mountain'],
  },
  {
    key: 'ZFS',
    name: '真佛山',
    county: '511703',
    level: '4A',
    summary: '川东著名佛教名胜，古建筑群依山而建',
    intro:
      '真佛山位于达川区福善镇，是川东地区著名的宗教文化旅游地。山上寺庙建筑群始建于清代，依山势层层而上，殿宇飞檐翘角，古木参天，香火延续至今。\n\n' +
      '每年农历二月、六月、九月的庙会吸引各地游客前来，山间步道可俯瞰丘陵田园风光。游览时请尊重宗教习俗，文明敬香。\n\n' +
      '（演示数据：建筑年代、庙会时间与票价为示例，请以景区公告为准。）',
    openHours: '08:30–16:30 入园',
    tickets: '免费开放，需实名预约入园（演示）',
    address: '达州市达川区福善镇',
    phone: '0818-2700000（演示）',
    lat: 31.06,
    lng: 107.33,
    tags: ['宗教文化', '古建筑', '庙会'],
    scenes: ['temple', 'mountain'],
  },
  {
    key: 'CRG',
    name: '賨人谷',
    county: '511725',
    level: '4A',
    summary: '賨人故里，丹霞地貌与峡谷瀑布',
    intro:
      '賨人谷位于渠县东北部，是古代賨人（板楯蛮）活动的重要区域，渠县因此被称为“賨人故里”。景区以丹霞地貌和峡谷溪流为特色，谷中飞瀑、深潭相连，植被茂密。\n\n' +
      '游客可沿栈道穿行峡谷，了解賨人的历史与巴渝舞文化，景区周边还有汉阙等文物古迹可供参观。\n\n' +
      '（演示数据：游览线路与票价为示例，请以景区公告为准。）',
    openHours: '08:30–16:30 入园',
    tickets: '成人 60 元；学生、老年人半价（演示票价）',
    address: '达州市渠县龙潭乡',
    phone: '0818-7300000（演示）',
    lat: 31.04,
    lng: 107.08,
    tags: ['峡谷', '瀑布', '賨人文化'],
    scenes: ['valley', 'gorge'],
  },
  {
    key: 'LHH',
    name: '莲花湖',
    county: '511702',
    level: '3A',
    summary: '城中湿地，环湖步道与夏日荷花',
    intro:
      '莲花湖位于达州城区，是集湿地保护、休闲健身与城市景观于一体的公园。湖面开阔，夏季荷花盛开，环湖步道与自行车道串联起亲水平台、草坪与观景廊桥。\n\n' +
      '这里是市民晨练、散步和周末亲子游的好去处，傍晚可欣赏湖光与城市灯景。园内禁止游泳、垂钓，请爱护湿地动植物。\n\n' +
      '（演示数据：等级与设施为示例。）',
    openHours: '全天开放；预约入园时段 08:30–16:30（演示）',
    tickets: '免费（演示）',
    address: '达州市通川区金龙大道',
    phone: '0818-2100000（演示）',
    lat: 31.23,
    lng: 107.46,
    tags: ['湿地', '荷花', '亲子'],
    scenes: ['lake', 'lake'],
  },
  {
    key: 'FHS',
    name: '凤凰山',
    county: '511702',
    level: '3A',
    summary: '俯瞰达州城，元九登高节的去处',
    intro:
      '凤凰山位于达州城区东侧，山势如凤凰展翅，登山步道林荫蔽日，山顶可俯瞰州河两岸与达州城全景。\n\n' +
      '每逢正月初九，达州人有登凤凰山“元九登高”的传统民俗，山上还有纪念唐代诗人元稹的景观。山上有多处观景平台，清晨与傍晚景色尤佳。\n\n' +
      '（演示数据：设施与开放时间为示例。）',
    openHours: '全天开放；预约入园时段 08:30–16:30（演示）',
    tickets: '免费（演示）',
    address: '达州市通川区凤凰大道',
    phone: '0818-2200000（演示）',
    lat: 31.21,
    lng: 107.51,
    tags: ['登高', '城市观景', '民俗'],
    scenes: ['mountain', 'valley'],
  },
];

export async function seedScenicSpots(ctx: AppContext): Promise<void> {
  const existing = new Set((await ctx.db.selectFrom('scenic_spots').select('name').where('site_code', '=', SITE).execute()).map((r) => r.name));
  for (const [i, s] of DEMO_SPOTS.entries()) {
    if (existing.has(s.name)) continue;
    const photoIds: string[] = [];
    for (const [j, bytes] of spotArtwork(s.key, s.scenes).entries()) {
      const f = await savePublicFile(ctx, { site: SITE, name: `${s.name}实景图${j + 1}.png`, bytes, uploadedBy: 'seed' });
      photoIds.push(f.id);
    }
    const { py, ini } = pinyinForms(s.name);
    const at = nowIso();
    await ctx.db
      .insertInto('scenic_spots')
      .values({
        site_code: SITE,
        name: s.name,
        name_pinyin: py,
        name_initials: ini,
        county: s.county,
        level: s.level,
        summary: s.summary,
        intro: s.intro,
        open_hours: s.openHours,
        tickets: s.tickets,
        address: s.address,
        phone: s.phone,
        lat: s.lat,
        lng: s.lng,
        photo_file_ids: JSON.stringify(photoIds),
        partner_resource_id: s.key,
        tags: JSON.stringify(s.tags),
        sort: (i + 1) * 10,
        published: 1,
        updated_by: 'seed',
        created_at: at,
        updated_at: at,
      })
      .execute();
  }
}
