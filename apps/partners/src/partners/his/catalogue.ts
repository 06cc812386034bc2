/**
 * The HIS's fixed catalogue: hospitals of Dazhou by level, their departments and doctors. Built
 * once from constant lists and SM3-seeded picks (bureau/demo.ts), so every start serves the same
 * ids, names and fees — tests, the e2e and a developer's browser all see one catalogue. The names
 * carry （演示）: they are demo hospitals, not the real ones of the city.
 */
import type { HisDepartment, HisHospital } from '@dz/partner-protocol';
import { DISTRICTS, Demo } from '../bureau/demo.js';

export const CITY_SITE = '511700';

/** 职称 → 挂号费 (分). The order is seniority: a department's first doctor holds the first title. */
export const TITLE_FEES = [
  { title: '主任医师', fee: 2500 },
  { title: '副主任医师', fee: 1500 },
  { title: '主治医师', fee: 1000 },
  { title: '医师', fee: 500 },
] as const;

interface DepartmentSpec {
  code: string;
  name: string;
  category: string;
  intro: string;
  specialities: readonly string[];
}

/** Every department a hospital of the sandbox may have, grouped by the category the H5 shows. */
const DEPARTMENTS: readonly DepartmentSpec[] = [
  { code: 'CAR', name: '心血管内科', category: '内科', intro: '高血压、冠心病、心律失常、心力衰竭的诊治与介入治疗。', specialities: ['高血压、冠心病', '心律失常、起搏器随访', '心力衰竭、心肌病', '冠脉介入治疗'] },
  { code: 'RES', name: '呼吸内科', category: '内科', intro: '慢阻肺、哮喘、肺部感染、肺结节的诊治。', specialities: ['慢阻肺、哮喘', '肺部感染', '肺结节、肺癌早筛'] },
  { code: 'GAS', name: '消化内科', category: '内科', intro: '胃炎、消化性溃疡、肝胆胰疾病与消化内镜诊疗。', specialities: ['胃肠疾病、消化内镜', '肝病、脂肪肝', '炎症性肠病'] },
  { code: 'NEU', name: '神经内科', category: '内科', intro: '脑卒中、头痛、癫痫、帕金森病的诊治。', specialities: ['脑血管病', '头痛、眩晕', '癫痫、睡眠障碍'] },
  { code: 'END', name: '内分泌科', category: '内科', intro: '糖尿病、甲状腺疾病、骨质疏松的诊治。', specialities: ['糖尿病及并发症', '甲状腺疾病', '骨质疏松、痛风'] },
  { code: 'GEN', name: '普外科', category: '外科', intro: '甲状腺、乳腺、胃肠、肝胆疾病的外科治疗。', specialities: ['甲状腺、乳腺外科', '胃肠外科', '肝胆外科、微创手术'] },
  { code: 'ORT', name: '骨科', category: '外科', intro: '创伤骨折、脊柱、关节疾病与运动损伤。', specialities: ['创伤骨折', '脊柱外科', '关节置换、运动医学'] },
  { code: 'URO', name: '泌尿外科', category: '外科', intro: '泌尿系结石、前列腺疾病、泌尿系肿瘤。', specialities: ['泌尿系结石', '前列腺疾病', '泌尿系肿瘤'] },
  { code: 'GYN', name: '妇科', category: '妇儿', intro: '妇科炎症、子宫肌瘤、宫颈疾病筛查。', specialities: ['妇科炎症', '子宫肌瘤、卵巢囊肿', '宫颈疾病筛查'] },
  { code: 'OBS', name: '产科', category: '妇儿', intro: '孕期保健、高危妊娠管理、分娩。', specialities: ['孕期保健', '高危妊娠', '产后康复'] },
  { code: 'PED', name: '儿科', category: '妇儿', intro: '儿童呼吸、消化、生长发育等常见病诊治。', specialities: ['儿童呼吸系统疾病', '新生儿疾病', '儿童生长发育'] },
  { code: 'OPH', name: '眼科', category: '五官', intro: '白内障、青光眼、屈光不正与眼底病。', specialities: ['白内障', '青光眼', '儿童近视防控'] },
  { code: 'ENT', name: '耳鼻喉科', category: '五官', intro: '鼻炎、鼻窦炎、咽喉疾病、听力障碍。', specialities: ['鼻炎、鼻窦炎', '咽喉疾病', '耳聋、耳鸣'] },
  { code: 'STO', name: '口腔科', category: '五官', intro: '牙体牙髓、牙周、口腔修复与正畸。', specialities: ['牙体牙髓', '口腔修复', '口腔正畸'] },
  { code: 'DER', name: '皮肤科', category: '其他', intro: '湿疹、皮炎、痤疮、银屑病等皮肤病。', specialities: ['湿疹、皮炎', '痤疮、色素病', '银屑病'] },
  { code: 'TCM', name: '中医科', category: '其他', intro: '中医内科调理、针灸推拿。', specialities: ['中医内科调理', '针灸推拿', '中医妇科'] },
  { code: 'REH', name: '康复医学科', category: '其他', intro: '卒中后、骨科术后与慢性疼痛康复。', specialities: ['神经康复', '骨科术后康复', '慢性疼痛'] },
];

/** The department every 市级 hospital has with at least two doctors (the e2e books it). */
export const CARDIOLOGY = 'CAR';

interface HospitalSpec {
  /** Short stable id part; the hospital id is `H` + this. */
  code: string;
  name: string;
  level: HisHospital['level'];
  grade: string;
  site: string;
  street: string;
  /** Department codes; omitted: every department. */
  departments?: readonly string[];
}

const BASIC = ['CAR', 'RES', 'GAS', 'END', 'GEN', 'ORT', 'GYN', 'PED', 'OPH', 'ENT', 'STO', 'TCM'] as const;
const SMALL = ['CAR', 'RES', 'GAS', 'GEN', 'ORT', 'GYN', 'PED', 'STO', 'TCM'] as const;

const HOSPITALS: readonly HospitalSpec[] = [
  { code: '01', name: '四川省川东医院达州院区（演示）', level: 'province', grade: '三级甲等', site: CITY_SITE, street: '通川区西外镇健民路' },
  { code: '02', name: '四川省达州康复中心医院（演示）', level: 'province', grade: '三级乙等', site: CITY_SITE, street: '达川区翠屏街道达川大道', departments: ['CAR', 'NEU', 'ORT', 'REH', 'TCM'] },
  { code: '11', name: '达州市中心医院（演示）', level: 'city', grade: '三级甲等', site: CITY_SITE, street: '通川区朝阳东路' },
  { code: '12', name: '达州市中西医结合医院（演示）', level: 'city', grade: '三级甲等', site: CITY_SITE, street: '通川区通川北路' },
  { code: '13', name: '达州市妇女儿童医院（演示）', level: 'city', grade: '三级乙等', site: CITY_SITE, street: '通川区凤凰大道', departments: ['CAR', 'GYN', 'OBS', 'PED', 'OPH', 'ENT', 'STO', 'DER'] },
  { code: '14', name: '达州市第二人民医院（演示）', level: 'city', grade: '三级乙等', site: CITY_SITE, street: '达川区南外镇翠屏路' },
  { code: '15', name: '达州市中医医院（演示）', level: 'city', grade: '三级甲等', site: CITY_SITE, street: '通川区华蜀北路', departments: ['CAR', 'RES', 'GAS', 'NEU', 'END', 'ORT', 'GYN', 'PED', 'DER', 'TCM', 'REH'] },
  { code: '21', name: '通川区人民医院（演示）', level: 'county', grade: '二级甲等', site: '511702', street: '通川区荷叶街', departments: BASIC },
  { code: '22', name: '达川区人民医院（演示）', level: 'county', grade: '二级甲等', site: '511703', street: '达川区南外镇长兴路', departments: BASIC },
  { code: '23', name: '达川区中医医院（演示）', level: 'county', grade: '二级甲等', site: '511703', street: '达川区三里坪街道长田坝路', departments: SMALL },
  { code: '24', name: '宣汉县人民医院（演示）', level: 'county', grade: '三级乙等', site: '511722', street: '宣汉县东乡街道东环路', departments: BASIC },
  { code: '25', name: '宣汉县中医院（演示）', level: 'county', grade: '二级甲等', site: '511722', street: '宣汉县解放街', departments: SMALL },
  { code: '26', name: '开江县人民医院（演示）', level: 'county', grade: '二级甲等', site: '511723', street: '开江县新宁镇淙城大道', departments: BASIC },
  { code: '27', name: '大竹县人民医院（演示）', level: 'county', grade: '三级乙等', site: '511724', street: '大竹县竹阳街道白塔街', departments: BASIC },
  { code: '28', name: '渠县人民医院（演示）', level: 'county', grade: '三级乙等', site: '511725', street: '渠县渠江街道人民路', departments: BASIC },
  { code: '29', name: '渠县中医医院（演示）', level: 'county', grade: '二级甲等', site: '511725', street: '渠县天星街道渠州大道', departments: SMALL },
  { code: '30', name: '万源市中心医院（演示）', level: 'county', grade: '二级甲等', site: '511781', street: '万源市太平镇红旗路', departments: BASIC },
];

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗', '梁', '宋', '郑', '谢', '唐', '冯', '邓', '蒋', '向', '熊'];
const GIVEN = ['建华', '晓燕', '志强', '丽娟', '海涛', '雪梅', '国平', '春兰', '明亮', '秀英', '文杰', '静', '勇', '婷', '红梅', '成刚', '小兵', '玉兰', '德明', '慧', '永红', '俊', '思远', '佳怡', '光辉', '亚琴'];

export interface Doctor {
  doctorId: string;
  hospitalId: string;
  departmentId: string;
  /** Position in the department: 0 is its first (most senior) doctor. */
  rank: number;
  name: string;
  title: string;
  speciality: string;
  fee: number;
}

export interface Department extends HisDepartment {
  hospitalId: string;
  code: string;
  doctors: Doctor[];
}

export interface Hospital extends HisHospital {
  departments: Department[];
}

function buildDepartment(h: HisHospital, spec: DepartmentSpec): Department {
  const id = `${h.id}-${spec.code}`;
  const demo = new Demo(`his|${id}`);
  // 市级 and 省属 departments are larger; 心血管内科 of a 市级 hospital always has ≥ 2 doctors.
  const count = h.level === 'county' ? demo.int(2, 3) : demo.int(2, 4);
  const used = new Set<string>();
  const doctors: Doctor[] = [];
  for (let rank = 0; rank < count; rank++) {
    let name = '';
    for (let salt = rank * 10 + 1; name === '' || used.has(name); salt++) name = `${demo.pick(SURNAMES, salt)}${demo.pick(GIVEN, salt + 500)}`;
    used.add(name);
    const { title, fee } = TITLE_FEES[Math.min(rank, TITLE_FEES.length - 1)]!;
    doctors.push({ doctorId: `${id}-${rank + 1}`, hospitalId: h.id, departmentId: id, rank, name, title, speciality: demo.pick(spec.specialities, rank + 900), fee });
  }
  return { id, hospitalId: h.id, code: spec.code, name: spec.name, category: spec.category, intro: spec.intro, doctors };
}

function buildHospital(spec: HospitalSpec): Hospital {
  const id = `H${spec.code}`;
  const demo = new Demo(`his|${id}`);
  const district = spec.site === CITY_SITE ? '' : (DISTRICTS.find((d) => d.code === spec.site)?.name ?? '');
  const base: HisHospital = {
    id,
    name: spec.name,
    level: spec.level,
    grade: spec.grade,
    address: `达州市${spec.street}${demo.int(1, 299)}号`,
    phone: `0818-${demo.digits(7, 1)}`,
    site: spec.site,
    intro: `${spec.grade}${spec.level === 'county' ? `综合医院，服务${district}群众` : '医院'}，开设门诊、急诊与住院服务，支持线上预约挂号与检验报告查询。本院为沙箱演示数据，非真实医院。`,
  };
  const codes = spec.departments ?? DEPARTMENTS.map((d) => d.code);
  const departments = DEPARTMENTS.filter((d) => codes.includes(d.code)).map((d) => buildDepartment(base, d));
  return { ...base, departments };
}

export const CATALOGUE: readonly Hospital[] = HOSPITALS.map(buildHospital);

const doctorsById = new Map<string, Doctor>(CATALOGUE.flatMap((h) => h.departments.flatMap((d) => d.doctors.map((doc) => [doc.doctorId, doc] as const))));

export function hospitalById(id: string): Hospital | undefined {
  return CATALOGUE.find((h) => h.id === id);
}

export function doctorById(id: string): Doctor | undefined {
  return doctorsById.get(id);
}

export function departmentOf(doc: Doctor): Department {
  return hospitalById(doc.hospitalId)!.departments.find((d) => d.id === doc.departmentId)!;
}

/** What the HIS sends of a hospital (without the departments it holds). */
export function hospitalView(h: Hospital): HisHospital {
  return { id: h.id, name: h.name, level: h.level, grade: h.grade, address: h.address, phone: h.phone, site: h.site, intro: h.intro };
}

export function departmentView(d: Department): HisDepartment {
  return { id: d.id, name: d.name, category: d.category, intro: d.intro };
}

/**
 * The hospitals a site sees: no site → all; the city site → 省属 and 市级 (they serve the whole
 * city); a county site → that county's own; an unknown site → none.
 */
export function hospitalsFor(site: string | undefined, level: HisHospital['level'] | undefined): Hospital[] {
  return CATALOGUE.filter((h) => {
    if (level && h.level !== level) return false;
    if (site === undefined) return true;
    return site === CITY_SITE ? h.level !== 'county' : h.level === 'county' && h.site === site;
  });
}
