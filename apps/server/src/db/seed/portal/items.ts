/**
 * Demo 政务服务事项 (办事 channel: 个人办事 / 法人办事 / 部门分类 / 主题分类 / 事项指南). Names and legal bases
 * are the usual ones for these services in Sichuan; time limits, windows and phone numbers are
 * invented demo values. One row per item keeps the table readable; the guide's repetitive parts
 * (time-limit wording, steps, windows) are built from the row by the helpers below.
 *
 * Codes are `<site>-<department>-<nnn>` with nnn written in the row, so adding a row never
 * renumbers the others (the seed finds rows by (site_code, code)).
 */
import type { ItemMaterial, ItemStep, ItemWindow, ThemeCode } from '@dz/contracts';
import { OFFICE_HOURS, SEED_DEPARTMENTS, SERVICE_CENTRES } from './departments.js';
import { PALM_GUIDES } from './palm-guides.js';

type ItemAudience = 'person' | 'corp' | 'both';

/**
 * [department code, number, name, audience, theme, legal limit (working days, 0 = 即办),
 *  promised limit (0 = 即办), charge ('' = 不收费), legal basis, materials, flags, keywords]
 *
 * materials: 'name:o' 原件, ':c' 复印件, ':e' 电子; a leading '?' marks 容缺/视情形提交.
 * flags: 'o' 可在线办理, 'b' 可预约.
 */
type Row = [string, number, string, ItemAudience, ThemeCode, number, number, string, string, string[], string, string];

const ID = '居民身份证:o';
const LICENSE = '营业执照:c';
const AGENT = '?授权委托书及代理人身份证:o';

const CITY_ROWS: Row[] = [
  // 达州市公安局
  ['SGA', 1, '居住证签发', 'person', 'household', 15, 5, '首次申领不收费', '《居住证暂行条例》（国务院令第663号）', [ID, '居住地住所证明（房屋租赁合同或房屋产权证明）:c', '近期免冠彩色照片:e'], 'ob', '居住证 暂住证 流动人口 居住登记'],
  ['SGA', 2, '居民身份证换领、补领', 'person', 'household', 60, 20, '工本费20元', '《中华人民共和国居民身份证法》', ['居民户口簿:o', '?原居民身份证:o'], 'b', '身份证 换证 补办身份证 到期换领'],
  ['SGA', 3, '户口迁移（市内）', 'person', 'household', 10, 3, '', '《中华人民共和国户口登记条例》', [ID, '居民户口簿:o', '迁入地住房证明:c'], 'b', '户口迁移 迁户口 落户 户籍'],
  ['SGA', 4, '新生儿入户登记', 'person', 'family', 5, 0, '', '《中华人民共和国户口登记条例》', ['出生医学证明:o', '父母居民户口簿:o', '父母居民身份证:o', '?结婚证:c'], 'ob', '新生儿 上户口 出生登记 报户口'],
  ['SGA', 5, '普通护照签发', 'person', 'household', 7, 7, '护照120元/本', '《中华人民共和国护照法》', [ID, '出入境证件数字相片:e'], 'b', '护照 出国 出入境 办护照'],
  ['SGA', 6, '机动车交通违法查询与处理', 'person', 'traffic', 0, 0, '不收费（罚款按处罚决定缴纳）', '《中华人民共和国道路交通安全法》', ['机动车驾驶证:o', '机动车行驶证:o'], 'o', '违章查询 车辆违章 交通违法 罚款缴纳 电子警察'],
  // 达州市人力资源和社会保障局
  ['SRS', 1, '社会保险个人参保证明查询打印', 'person', 'social', 0, 0, '', '《中华人民共和国社会保险法》', [ID], 'o', '社保证明 参保证明 社保缴费证明 社保打印'],
  ['SRS', 2, '退休“一件事”', 'person', 'social', 20, 10, '', '《国务院关于工人退休、退职的暂行办法》（国发〔1978〕104号）；《国务院办公厅关于加快推进“一件事一次办”打造政务服务升级版的指导意见》（国办发〔2024〕3号）', [ID, '职工档案:o', '?社会保障卡:o'], 'ob', '退休 退休手续 养老金 退休一件事'],
  ['SRS', 3, '失业保险金申领', 'person', 'social', 10, 3, '', '《失业保险条例》（国务院令第258号）', [ID, '解除或终止劳动合同证明:c', '社会保障卡:o'], 'ob', '失业金 失业保险 失业登记'],
  ['SRS', 4, '工伤认定申请', 'both', 'social', 60, 20, '', '《工伤保险条例》（国务院令第375号）', ['工伤认定申请表:o', '劳动关系证明材料:c', '医疗诊断证明:c', AGENT], 'b', '工伤 工伤认定 工伤保险'],
  ['SRS', 5, '就业创业证申领', 'person', 'social', 5, 1, '', '《就业服务与就业管理规定》（劳动和社会保障部令第28号）', [ID, '?近期免冠照片:e'], 'ob', '就业失业登记证 就业证 创业证'],
  ['SRS', 6, '单位职工基本养老保险参保登记', 'corp', 'social', 5, 0, '', '《中华人民共和国社会保险法》', [LICENSE, '参保人员名册:e', AGENT], 'ob', '社保开户 单位参保 养老保险登记'],
  // 达州市住房公积金管理中心
  ['SGJJ', 1, '住房公积金提取', 'person', 'housing-fund', 3, 1, '', '《住房公积金管理条例》（国务院令第262号）', [ID, '提取原因证明（购房合同、租赁合同或退休证明等）:c', '本人银行卡:c'], 'ob', '公积金提取 住房公积金 提取 取公积金 租房提取 退休提取'],
  ['SGJJ', 2, '住房公积金个人住房贷款', 'person', 'housing-fund', 15, 10, '', '《住房公积金管理条例》（国务院令第262号）', [ID, '婚姻状况证明:c', '购房合同:o', '收入证明:o'], 'b', '公积金贷款 住房贷款 买房贷款 住房公积金'],
  ['SGJJ', 3, '单位住房公积金缴存登记', 'corp', 'housing-fund', 5, 1, '', '《住房公积金管理条例》（国务院令第262号）', [LICENSE, '单位住房公积金缴存登记表:o', AGENT], 'ob', '公积金开户 单位缴存 住房公积金'],
  ['SGJJ', 4, '住房公积金缴存证明开具', 'person', 'housing-fund', 0, 0, '', '《住房公积金管理条例》（国务院令第262号）', [ID], 'o', '缴存证明 公积金证明 住房公积金'],
  ['SGJJ', 5, '灵活就业人员住房公积金缴存登记', 'person', 'housing-fund', 3, 0, '', '《住房公积金管理条例》（国务院令第262号）', [ID, '本人银行卡:c'], 'ob', '灵活就业 个人缴存 自愿缴存 住房公积金'],
  // 达州市不动产登记中心
  ['SBDC', 1, '不动产登记资料查询', 'person', 'housing', 0, 0, '', '《不动产登记暂行条例》（国务院令第656号）；《不动产登记资料查询暂行办法》', [ID], 'o', '不动产查询 房产查询 产权查询 查档'],
  ['SBDC', 2, '国有建设用地使用权及房屋所有权转移登记', 'both', 'housing', 30, 5, '住宅80元/件，非住宅550元/件', '《不动产登记暂行条例》（国务院令第656号）', [ID, '不动产权证书:o', '买卖合同:o', '完税凭证:c', AGENT], 'b', '过户 二手房过户 房产过户 转移登记'],
  ['SBDC', 3, '不动产抵押权首次登记', 'both', 'finance', 30, 3, '住宅80元/件，非住宅550元/件（小微企业、个体工商户免收）', '《不动产登记暂行条例》（国务院令第656号）；《中华人民共和国民法典》', [ID, '不动产权证书:o', '主债权合同及抵押合同:o'], 'ob', '抵押登记 房屋抵押 按揭'],
  ['SBDC', 4, '商品房首次登记', 'corp', 'housing', 30, 10, '按件收取登记费', '《不动产登记暂行条例》（国务院令第656号）', [LICENSE, '建设工程规划核实证明:c', '竣工验收备案证明:c', '房屋测绘报告:o'], 'b', '首次登记 大证 初始登记 商品房'],
  ['SBDC', 5, '个人及家庭住房情况查询（无房证明）', 'person', 'housing', 0, 0, '', '《不动产登记资料查询暂行办法》', [ID, '?居民户口簿:o'], 'o', '无房证明 住房情况 房产证明 名下房产'],
  // 达州市市场监督管理局
  ['SSCJG', 1, '企业开办“一件事”', 'corp', 'enterprise', 3, 1, '', '《中华人民共和国市场主体登记管理条例》（国务院令第746号）；《优化营商环境条例》（国务院令第722号）', ['公司章程:e', '股东及法定代表人身份证明:e', '住所使用证明:e'], 'ob', '企业开办 开公司 注册公司 营业执照 公章刻制 一件事'],
  ['SSCJG', 2, '个体工商户设立登记', 'person', 'enterprise', 15, 1, '', '《促进个体工商户发展条例》（国务院令第755号）；《中华人民共和国市场主体登记管理条例》', [ID, '经营场所使用证明:c'], 'ob', '个体户 个体工商户 营业执照 开店'],
  ['SSCJG', 3, '食品经营许可', 'corp', 'enterprise', 20, 5, '', '《中华人民共和国食品安全法》；《食品经营许可和备案管理办法》', [LICENSE, '食品经营许可申请书:o', '食品安全管理制度:c', '经营场所平面图:c'], 'ob', '食品经营许可证 餐饮许可 开餐馆'],
  ['SSCJG', 4, '企业注销登记', 'corp', 'enterprise', 10, 3, '', '《中华人民共和国市场主体登记管理条例》（国务院令第746号）', ['注销登记申请书:o', '清算报告:o', '营业执照正副本:o'], 'ob', '注销公司 企业注销 简易注销'],
  ['SSCJG', 5, '特种设备使用登记', 'corp', 'enterprise', 15, 5, '', '《中华人民共和国特种设备安全法》', [LICENSE, '特种设备监督检验证明:c', '产品合格证:c'], 'b', '电梯登记 锅炉 压力容器 特种设备'],
  ['SSCJG', 6, '药品零售企业经营许可', 'corp', 'health', 30, 15, '', '《中华人民共和国药品管理法》', [LICENSE, '执业药师注册证:c', '经营场所证明:c'], 'b', '药店 药品经营许可证 开药店'],
  // 达州市民政局
  ['SMZ', 1, '内地居民婚姻登记', 'person', 'family', 0, 0, '', '《婚姻登记条例》（国务院令第387号）', [ID, '?居民户口簿:o', '近期2寸双人合影照片:o'], 'b', '结婚登记 领证 结婚证 离婚登记'],
  ['SMZ', 2, '最低生活保障申请', 'person', 'social', 30, 20, '', '《社会救助暂行办法》（国务院令第649号）；《最低生活保障审核确认办法》（民发〔2021〕57号）', [ID, '居民户口簿:o', '家庭收入及财产情况说明:o'], 'b', '低保 低保申请 社会救助'],
  ['SMZ', 3, '高龄津贴申领', 'person', 'social', 20, 10, '', '《中华人民共和国老年人权益保障法》', [ID, '社会保障卡或银行卡:c'], 'ob', '高龄补贴 老年人补贴 养老'],
  ['SMZ', 4, '残疾人两项补贴申请', 'person', 'social', 20, 10, '', '《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》（国发〔2015〕52号）', [ID, '残疾人证:o', '?低保证明:c'], 'ob', '残疾人补贴 护理补贴 生活补贴'],
  ['SMZ', 5, '社会团体成立登记', 'corp', 'social', 60, 20, '', '《社会团体登记管理条例》（国务院令第250号）', ['登记申请书:o', '业务主管单位批准文件:o', '章程草案:o', '验资报告:c'], 'b', '社团登记 协会成立 社会组织'],
  // 达州市卫生健康委员会
  ['SWJW', 1, '新生儿出生“一件事”', 'person', 'family', 10, 5, '', '《国务院办公厅关于加快推进“一件事一次办”打造政务服务升级版的指导意见》（国办发〔2024〕3号）', ['出生医学证明:e', '父母居民身份证:o', '父母居民户口簿:o'], 'ob', '出生一件事 新生儿 上户口 社保卡 医保参保 预防接种'],
  ['SWJW', 2, '出生医学证明首次签发', 'person', 'family', 5, 1, '', '《中华人民共和国母婴保健法》', ['父母居民身份证:o', '分娩记录:c'], 'b', '出生证 出生医学证明'],
  ['SWJW', 3, '医疗机构执业登记', 'corp', 'health', 45, 20, '', '《医疗机构管理条例》（国务院令第149号）', ['执业登记申请书:o', '医疗机构用房产权证明或使用证明:c', '人员资格证书:c'], 'b', '诊所 医疗机构 执业许可证'],
  ['SWJW', 4, '医师执业注册', 'person', 'health', 20, 5, '', '《中华人民共和国医师法》', [ID, '医师资格证书:o', '健康体检证明:o'], 'ob', '医师注册 执业医师 多点执业'],
  ['SWJW', 5, '公共场所卫生许可', 'corp', 'health', 20, 5, '', '《公共场所卫生管理条例》（国发〔1987〕24号）', [LICENSE, '卫生管理制度:c', '从业人员健康合格证明:c'], 'ob', '卫生许可证 宾馆 理发店 游泳馆'],
  // 达州市教育局
  ['SJY', 1, '教师资格认定', 'person', 'education', 30, 20, '', '《教师资格条例》（国务院令第188号）', [ID, '学历证书:o', '普通话水平测试等级证书:c', '体检合格证明:o'], 'ob', '教师资格证 认定 教资'],
  ['SJY', 2, '民办学校办学许可', 'corp', 'education', 90, 30, '', '《中华人民共和国民办教育促进法》', ['申办报告:o', '举办者资质证明:c', '校舍及设施证明:c'], 'b', '办学许可证 民办学校 培训机构'],
  ['SJY', 3, '家庭经济困难学生认定及资助申请', 'person', 'education', 20, 10, '', '《学生资助资金管理办法》（财教〔2021〕310号）', [ID, '家庭经济困难学生认定申请表:o'], 'o', '学生资助 助学金 困难学生 资助政策'],
  ['SJY', 4, '义务教育阶段学生转学', 'person', 'education', 10, 5, '', '《中华人民共和国义务教育法》', ['学生居民户口簿:o', '转入学校接收证明:o'], 'b', '转学 转学籍 学籍转接'],
  // 达州市交通运输局
  ['SJT', 1, '道路货物运输经营许可（普通货运）', 'corp', 'traffic', 20, 5, '', '《中华人民共和国道路运输条例》（国务院令第406号）', [LICENSE, '车辆行驶证:c', '驾驶员从业资格证:c', '安全生产管理制度:c'], 'ob', '道路运输经营许可证 货运 物流'],
  ['SJT', 2, '道路运输证年审', 'corp', 'traffic', 5, 1, '', '《中华人民共和国道路运输条例》（国务院令第406号）', ['道路运输证:o', '车辆综合性能检测报告:c'], 'ob', '运输证年审 营运证年审 客运 货运'],
  ['SJT', 3, '道路运输驾驶员从业资格证补发', 'person', 'traffic', 5, 1, '', '《道路运输从业人员管理规定》', [ID, '机动车驾驶证:c'], 'ob', '从业资格证 补证 货运驾驶员 客运驾驶员'],
  ['SJT', 4, '巡游出租汽车驾驶员从业资格注册', 'person', 'traffic', 10, 3, '', '《巡游出租汽车经营服务管理规定》', [ID, '从业资格证:o', '聘用合同:c'], 'b', '出租车 的士 驾驶员注册'],
  ['SJT', 5, '超限运输车辆行驶公路许可', 'corp', 'traffic', 15, 5, '', '《公路安全保护条例》（国务院令第593号）', ['超限运输申请表:o', '车辆行驶证:c', '护送方案:c'], 'o', '超限 大件运输 超限运输'],
  // 达州市医疗保障局
  ['SYB', 1, '基本医疗保险关系转移接续', 'person', 'health', 15, 5, '', '《中华人民共和国社会保险法》；《流动就业人员基本医疗保障关系转移接续暂行办法》（人社部发〔2009〕191号）', [ID, '参保凭证:c'], 'ob', '医保转移 医保关系转移 医保接续'],
  ['SYB', 2, '异地就医备案', 'person', 'health', 0, 0, '', '《国家医保局 财政部关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知》（医保发〔2022〕22号）', [ID, '?异地居住证明:e'], 'o', '异地就医 异地备案 跨省就医 直接结算'],
  ['SYB', 3, '城乡居民基本医疗保险参保登记', 'person', 'health', 5, 0, '', '《中华人民共和国社会保险法》', [ID, '居民户口簿:o'], 'ob', '居民医保 参保 医保缴费'],
  ['SYB', 4, '门诊慢特病待遇认定', 'person', 'health', 20, 10, '', '《中华人民共和国社会保险法》；《医疗保障基金使用监督管理条例》（国务院令第735号）', [ID, '病历及诊断证明:c', '检查报告:c'], 'ob', '慢特病 慢性病 门诊特殊病'],
  // 国家税务总局达州市税务局
  ['SSW', 1, '个人所得税综合所得年度汇算', 'person', 'finance', 0, 0, '', '《中华人民共和国个人所得税法》', [ID], 'o', '个税 汇算清缴 退税 个人所得税'],
  ['SSW', 2, '新办纳税人“套餐式”服务', 'corp', 'enterprise', 1, 0, '', '《中华人民共和国税收征收管理法》', [LICENSE, '法定代表人身份证件:c'], 'ob', '税务登记 新办企业 领发票 套餐'],
  ['SSW', 3, '发票领用', 'corp', 'enterprise', 0, 0, '', '《中华人民共和国发票管理办法》', ['经办人身份证件:o'], 'ob', '领发票 发票申领 增值税发票'],
  ['SSW', 4, '开具税收完税证明', 'both', 'finance', 0, 0, '', '《中华人民共和国税收征收管理法实施细则》', [ID], 'o', '完税证明 纳税证明 税收证明'],
  // 达州市自然资源和规划局
  ['SZRZY', 1, '建设用地规划许可证核发', 'corp', 'housing', 20, 10, '', '《中华人民共和国城乡规划法》', ['建设用地规划许可申请表:o', '国有土地使用权出让合同:c', '规划条件:c'], 'ob', '用地规划许可 建设用地 规划许可证'],
  ['SZRZY', 2, '建设工程规划许可证核发', 'corp', 'housing', 20, 10, '', '《中华人民共和国城乡规划法》', ['建设工程规划许可申请表:o', '建设工程设计方案:e', '土地权属证明:c'], 'ob', '工程规划许可 规划许可证 工程建设'],
  ['SZRZY', 3, '乡村建设规划许可', 'person', 'agriculture', 20, 10, '', '《中华人民共和国城乡规划法》', [ID, '宅基地权属证明:c', '建房设计图:c'], 'b', '农村建房 乡村规划 宅基地'],
  // 达州市住房和城乡建设局
  ['SZJ', 1, '建筑工程施工许可证核发', 'corp', 'housing', 7, 3, '', '《建筑工程施工许可管理办法》（住房和城乡建设部令第18号）', ['施工许可申请表:o', '建设工程规划许可证:c', '施工合同:c'], 'ob', '施工许可证 开工 建筑工程'],
  ['SZJ', 2, '商品房预售许可', 'corp', 'housing', 10, 5, '', '《中华人民共和国城市房地产管理法》；《城市房地产开发经营管理条例》（国务院令第248号）', ['预售许可申请表:o', '土地使用权证明:c', '工程施工合同:c', '预售方案:o'], 'b', '预售证 商品房预售 开发商'],
  ['SZJ', 3, '房屋建筑和市政基础设施工程竣工验收备案', 'corp', 'housing', 15, 5, '', '《建设工程质量管理条例》（国务院令第279号）', ['竣工验收报告:o', '规划核实证明:c', '消防验收或备案证明:c'], 'ob', '竣工验收备案 竣工备案'],
  ['SZJ', 4, '公共租赁住房申请', 'person', 'housing', 30, 20, '', '《公共租赁住房管理办法》（住房和城乡建设部令第11号）', [ID, '居民户口簿:o', '收入证明:o', '住房情况证明:o'], 'ob', '公租房 廉租房 保障性住房'],
  // 达州市文化广播电视和旅游局
  ['SWGL', 1, '旅行社设立许可', 'corp', 'culture-tourism', 20, 10, '', '《旅行社条例》（国务院令第550号）', [LICENSE, '经营场所证明:c', '质量保证金存缴证明:c'], 'ob', '旅行社 旅游经营 旅行社许可'],
  ['SWGL', 2, '营业性演出审批', 'corp', 'culture-tourism', 3, 2, '', '《营业性演出管理条例》（国务院令第528号）', ['演出申请表:o', '演出节目内容材料:e', '演出场所合同:c'], 'ob', '演出审批 演唱会 营业性演出'],
  ['SWGL', 3, '娱乐场所经营许可', 'corp', 'culture-tourism', 20, 10, '', '《娱乐场所管理条例》（国务院令第458号）', [LICENSE, '消防安全检查合格证明:c', '场所平面图:c'], 'b', 'KTV 歌舞厅 娱乐场所'],
  // 达州市司法局
  ['SSF', 1, '法律援助申请', 'person', 'justice', 7, 3, '', '《中华人民共和国法律援助法》', [ID, '经济困难状况说明表:o', '与案件有关的材料:c'], 'ob', '法律援助 免费律师 法援'],
  ['SSF', 2, '人民调解申请', 'both', 'justice', 30, 15, '', '《中华人民共和国人民调解法》', [ID, '纠纷情况说明:o'], 'ob', '调解 矛盾纠纷 人民调解'],
  ['SSF', 3, '公证事项办理', 'person', 'justice', 15, 5, '按四川省公证服务收费标准收取', '《中华人民共和国公证法》', [ID, '需公证的文书或证明材料:o'], 'ob', '公证 公证预约 公证处 委托公证'],
  // 达州市农业农村局
  ['SNY', 1, '农机购置与应用补贴申领', 'person', 'agriculture', 20, 10, '', '《中华人民共和国农业机械化促进法》', [ID, '购机发票:c', '银行卡:c'], 'ob', '农机补贴 农机购置补贴 拖拉机'],
  ['SNY', 2, '农药经营许可', 'corp', 'agriculture', 20, 10, '', '《农药管理条例》（国务院令第677号）', [LICENSE, '经营场所及仓储设施证明:c', '人员资质证明:c'], 'b', '农药经营许可证 农资店'],
  ['SNY', 3, '动物防疫条件合格证核发', 'corp', 'agriculture', 20, 10, '', '《中华人民共和国动物防疫法》', ['申请表:o', '场所平面图:c', '防疫制度:c'], 'b', '养殖场 防疫合格证 畜牧'],
  // 达州市生态环境局
  ['SSTHJ', 1, '建设项目环境影响报告表审批', 'corp', 'environment', 30, 15, '', '《中华人民共和国环境影响评价法》', ['审批申请:o', '环境影响报告表:e', '公众参与说明:c'], 'ob', '环评 环境影响评价 环评审批'],
  ['SSTHJ', 2, '排污许可证核发', 'corp', 'environment', 20, 10, '', '《排污许可管理条例》（国务院令第736号）', [LICENSE, '排污许可证申请表:e', '自行监测方案:e'], 'o', '排污许可 排污证 环保'],
  // 达州市政务服务管理局
  ['SZFW', 1, '政务服务帮办代办', 'both', 'other', 5, 1, '', '《优化营商环境条例》（国务院令第722号）', [ID, '?需代办事项的申请材料:c'], 'ob', '帮办 代办 帮办代办 老年人办事'],
  ['SZFW', 2, '“跨省通办”事项代收代办', 'person', 'other', 10, 5, '', '《国务院办公厅关于加快推进政务服务“跨省通办”的指导意见》（国办发〔2020〕35号）', [ID, '办理事项所需材料:c'], 'b', '跨省通办 异地办理 代收代办'],
];

/** A few county items, so inheritance shows: 通川区 and 宣汉县 each see their own plus the city's. */
const COUNTY_ROWS: [string, ...Row][] = [
  ['511702', 'TCZW', 1, '通川区城乡居民临时救助申请', 'person', 'social', 20, 10, '', '《社会救助暂行办法》（国务院令第649号）', [ID, '困难情况说明:o'], 'b', '临时救助 救助 困难群众'],
  ['511702', 'TCZW', 2, '通川区老年人优待证办理', 'person', 'social', 5, 0, '', '《中华人民共和国老年人权益保障法》', [ID, '近期免冠照片:e'], 'ob', '老年证 老年人优待证 敬老'],
  ['511722', 'XHZW', 1, '宣汉县农村村民住宅建设审批', 'person', 'agriculture', 20, 10, '', '《中华人民共和国土地管理法》；《中华人民共和国城乡规划法》', [ID, '居民户口簿:o', '建房申请表:o'], 'b', '农村建房 宅基地审批 建房审批'],
  ['511722', 'XHJY', 1, '宣汉县义务教育学校招生入学登记', 'person', 'education', 10, 5, '', '《中华人民共和国义务教育法》', ['学生及监护人居民户口簿:o', '住房证明:c'], 'o', '入学 招生 小学入学 初中入学 宣汉学校'],
];

export interface SeedItem {
  site: string;
  departmentCode: string;
  code: string;
  name: string;
  audience: ItemAudience;
  theme: ThemeCode;
  subject: string;
  timeLimit: string;
  charge: string;
  legalBasis: string;
  materials: ItemMaterial[];
  steps: ItemStep[];
  windows: ItemWindow[];
  online: boolean;
  bookable: boolean;
  keywords: string;
  sort: number;
}

const FORMS = { o: '原件', c: '复印件', e: '电子' } as const;

function material(spec: string): ItemMaterial {
  const optional = spec.startsWith('?');
  const [name, form] = (optional ? spec.slice(1) : spec).split(':') as [string, keyof typeof FORMS];
  return { name, form: FORMS[form], copies: form === 'e' ? 0 : 1, required: !optional, sampleUrl: null };
}

export function timeLimit(legal: number, promised: number): string {
  if (legal === 0) return '即办件（材料齐全当场办结）';
  if (promised === 0) return `法定${legal}个工作日，承诺即办`;
  return `法定${legal}个工作日，承诺${promised}个工作日`;
}

/** The three shapes a process takes in the 事项指南: at once, on line, or at the counter. */
function steps(online: boolean, promised: number): ItemStep[] {
  if (promised === 0 && !online) {
    return [
      { title: '申请', description: '申请人携带材料到窗口提出申请。' },
      { title: '受理审查', description: '窗口工作人员当场核验材料；不齐全的一次性告知需补正的内容。' },
      { title: '办结', description: '材料齐全、符合条件的当场办结并出具结果。' },
    ];
  }
  if (online) {
    return [
      { title: '在线申报', description: '登录“天府通办”达州分站，在线填写申请信息并上传材料。' },
      { title: '预审受理', description: '工作人员在1个工作日内完成预审；需补正的通过消息中心一次性告知。' },
      { title: '审核办结', description: `在承诺时限${promised === 0 ? '内即时' : `（${promised}个工作日）内`}完成审核并作出决定。` },
      { title: '结果送达', description: '电子结果推送至“我的办件”，纸质证照可窗口领取或免费邮寄。' },
    ];
  }
  return [
    { title: '申请', description: '申请人可先在线预约，再携带材料到窗口提交申请。' },
    { title: '受理', description: '材料齐全的当场受理并出具受理通知书；不齐全的一次性告知需补正的材料。' },
    { title: '审查决定', description: `在承诺时限（${promised}个工作日）内完成审查并作出决定。` },
    { title: '制证送达', description: '窗口领取结果，或选择免费邮寄送达。' },
  ];
}

function build(site: string, [dept, no, name, audience, theme, legal, promised, charge, basis, materials, flags, keywords]: Row, sort: number): SeedItem {
  const d = SEED_DEPARTMENTS.find((x) => x.site === site && x.code === dept);
  const centre = SERVICE_CENTRES[site];
  if (!d || !centre) throw new Error(`seed: no department ${site}/${dept}`);
  const online = flags.includes('o');
  const code = `${site}-${dept}-${String(no).padStart(3, '0')}`;
  // The 掌上办 items have their guide written out (palm-guides.ts); the others are built from the row.
  const palm = PALM_GUIDES[code];
  return {
    site,
    departmentCode: dept,
    code,
    name,
    audience,
    theme,
    subject: d.name,
    timeLimit: palm ? timeLimit(palm.legal, palm.promised) : timeLimit(legal, promised),
    charge: palm?.charge ?? (charge || '不收费'),
    legalBasis: basis,
    materials: (palm?.materials ?? materials).map(material),
    steps: palm?.steps ?? steps(online, promised),
    windows: [{ name: `${centre.name} ${d.window}窗口`, address: centre.address, hours: OFFICE_HOURS, phone: d.phone }],
    online,
    bookable: flags.includes('b'),
    keywords,
    sort,
  };
}

export const SEED_ITEMS: SeedItem[] = [...CITY_ROWS.map((r, i) => build('511700', r, i)), ...COUNTY_ROWS.map(([site, ...r], i) => build(site, r, i))];

/** Item codes the 掌上办 apps point at (kind 'item', target = the item's id). */
export const itemCode = (site: string, dept: string, no: number) => `${site}-${dept}-${String(no).padStart(3, '0')}`;
