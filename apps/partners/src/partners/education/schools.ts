/** 宣汉县's schools as the 教育局 publishes them (学段, 地址, 招生范围). Names and areas are demo. */
export interface School {
  name: string;
  /** 学段 */
  stage: '幼儿园' | '小学' | '初中' | '九年一贯制' | '高中' | '完全中学' | '中职';
  /** 公办 / 民办 */
  nature: '公办' | '民办';
  address: string;
  /** 招生范围 */
  enrolmentArea: string;
  phone: string;
}

export const XUANHAN_SCHOOLS: readonly School[] = [
  { name: '宣汉县东乡幼儿园（演示）', stage: '幼儿园', nature: '公办', address: '达州市宣汉县东乡街道东环路（演示地址）', enrolmentArea: '东乡街道城区适龄幼儿，按报名先后录取', phone: '0818-5201101' },
  { name: '宣汉县蜀宣幼儿园（演示）', stage: '幼儿园', nature: '民办', address: '达州市宣汉县蜀宣花园大道（演示地址）', enrolmentArea: '全县适龄幼儿', phone: '0818-5201102' },
  { name: '宣汉县东乡第一小学（演示）', stage: '小学', nature: '公办', address: '达州市宣汉县东乡街道解放街（演示地址）', enrolmentArea: '东乡街道解放街、南坝社区、北门社区户籍及居住证适龄儿童', phone: '0818-5202201' },
  { name: '宣汉县东乡第二小学（演示）', stage: '小学', nature: '公办', address: '达州市宣汉县东乡街道东环路（演示地址）', enrolmentArea: '东乡街道东环路以东、西河社区适龄儿童', phone: '0818-5202202' },
  { name: '宣汉县蜀宣实验小学（演示）', stage: '小学', nature: '公办', address: '达州市宣汉县蜀宣花园大道（演示地址）', enrolmentArea: '蜀宣花园片区、普光镇城区适龄儿童', phone: '0818-5202203' },
  { name: '宣汉县普光镇中心小学（演示）', stage: '小学', nature: '公办', address: '达州市宣汉县普光镇（演示地址）', enrolmentArea: '普光镇各村社区适龄儿童', phone: '0818-5202204' },
  { name: '宣汉县渡口乡九年制学校（演示）', stage: '九年一贯制', nature: '公办', address: '达州市宣汉县渡口土家族乡（演示地址）', enrolmentArea: '渡口土家族乡、三墩土家族乡适龄儿童少年', phone: '0818-5203301' },
  { name: '宣汉县昆池中学（演示）', stage: '初中', nature: '公办', address: '达州市宣汉县昆池镇（演示地址）', enrolmentArea: '昆池镇、塔河乡小学毕业生', phone: '0818-5204401' },
  { name: '宣汉县东乡初级中学（演示）', stage: '初中', nature: '公办', address: '达州市宣汉县东乡街道东环路（演示地址）', enrolmentArea: '东乡街道城区小学毕业生（按对口小学划片）', phone: '0818-5204402' },
  { name: '宣汉中学（演示）', stage: '高中', nature: '公办', address: '达州市宣汉县东乡街道解放街（演示地址）', enrolmentArea: '面向全县招生，按中考成绩录取', phone: '0818-5205501' },
  { name: '宣汉县第二中学（演示）', stage: '完全中学', nature: '公办', address: '达州市宣汉县东乡街道（演示地址）', enrolmentArea: '初中部：城区对口小学毕业生；高中部：面向全县招生', phone: '0818-5205502' },
  { name: '宣汉县职业中专学校（演示）', stage: '中职', nature: '公办', address: '达州市宣汉县蜀宣花园大道（演示地址）', enrolmentArea: '面向全市初中毕业生，注册入学', phone: '0818-5206601' },
];
