/** 达州市公安局（模拟）: 户籍证明, 车辆违章 records by plate + engine no., 出入境接待大厅; 居住证, 户口登记 decisions. */
import type { BureauSpec } from '../bureau/module.js';
import { DISTRICTS, districtOfId, maskId, type Demo } from '../bureau/demo.js';
import { EXIT_ENTRY_HALLS } from './halls.js';

const BEHAVIOURS = [
  { text: '机动车违反禁止标线指示的', fine: 100, points: 3 },
  { text: '机动车不按规定停放的', fine: 150, points: 0 },
  { text: '驾驶中型以上载客载货汽车、危险物品运输车辆以外的其他机动车行驶超过规定时速10%未达20%的', fine: 200, points: 3 },
  { text: '机动车通过有灯控路口时，不按所需行进方向驶入导向车道的', fine: 100, points: 2 },
  { text: '驾驶机动车违反道路交通信号灯通行的', fine: 200, points: 6 },
] as const;

function violations(demo: Demo, now: number): Record<string, unknown>[] {
  const n = demo.int(0, 3, 1);
  return Array.from({ length: n }, (_, i) => {
    const b = demo.pick(BEHAVIOURS, 10 + i);
    // Within the last year before "now", Beijing time, at a stable minute.
    const at = now - demo.int(1, 360, 20 + i) * 86_400_000;
    const day = new Date(at + 8 * 3_600_000).toISOString().slice(0, 10);
    const time = `${String(demo.int(7, 21, 30 + i)).padStart(2, '0')}:${String(demo.int(0, 59, 40 + i)).padStart(2, '0')}`;
    return {
      time: `${day} ${time}`,
      location: demo.address(50 + i).replace(/\d+号$/, '路段'),
      behavior: b.text,
      fine: b.fine,
      points: b.points,
      status: demo.int(0, 2, 60 + i) === 0 ? '已处理' : '未处理',
      authority: `达州市公安局交通警察支队${demo.pick(['一', '二', '三'], 70 + i)}大队`,
    };
  });
}

export const policeSpec: BureauSpec = {
  name: 'police',
  title: '公安局 · 居住证、户籍与交管',
  owner: '达州市公安局（模拟）',
  description: '出具户籍证明，按号牌号码与发动机号后6位查询交通违法记录；受理居住证申领、户口登记等办件。全部为演示数据。',
  refPrefix: 'GA',
  approveComment: '审核通过，请按短信通知到派出所领取证件',
  result: (c, ref, demo, decidedAt) => {
    const day = new Date(decidedAt + 8 * 3_600_000).toISOString().slice(0, 10);
    const station = `${demo.pick(DISTRICTS).name}${demo.pick(['朝阳', '西外', '东城', '南外', '北外'], 1)}派出所`;
    if (/residen|juzhu|居住证/i.test(`${c.formCode}${c.title}`)) {
      const until = `${Number(day.slice(0, 4)) + 1}${day.slice(4)}`;
      return { 审批编号: ref, 居住证号: `5117${demo.digits(14, 2)}`, 签发日期: day, 有效期至: until, 领证地点: station };
    }
    return { 审批编号: ref, 办结日期: day, 承办单位: station };
  },
  instant: {
    'household-proof': {
      summary: '户籍证明 {idNumber, name?} → 户籍地址、户口类别、登记机关',
      input: { idNumber: 'idNumber', name: 'name?' },
      run: (input, demo) => {
        const district = districtOfId(input.idNumber!);
        return {
          title: '户籍证明',
          rows: [
            ...(input.name ? [{ label: '姓名', value: input.name }] : []),
            { label: '公民身份号码', value: maskId(input.idNumber!) },
            { label: '户籍地址', value: demo.address(1, district) },
            { label: '户口类别', value: demo.pick(['居民家庭户口', '居民家庭户口', '集体户口'], 2) },
            { label: '与户主关系', value: demo.pick(['户主', '配偶', '子'], 3) },
            { label: '登记机关', value: `达州市公安局${district}分局` },
          ],
        };
      },
    },
  },
  query: {
    'traffic-violations': {
      summary: '车辆交通违法记录 {plate, engineNo6} → {time, location, behavior, fine, points, status, authority}',
      input: { plate: 'plate', engineNo6: 'engineNo6' },
      run: (_input, demo, now) => violations(demo, now),
    },
    'exit-entry-halls': {
      summary: '出入境接待大厅 {area?: 地区关键字} → {name, area, address, phone, hours, services}',
      input: { area: 'keyword?' },
      run: (input) => EXIT_ENTRY_HALLS.filter((h) => !input.area || h.area.includes(input.area) || h.name.includes(input.area)).map((h) => ({ ...h })),
    },
  },
};
