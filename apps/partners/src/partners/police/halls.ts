/**
 * The 出入境接待大厅 of the city's and the counties' 公安局 (the 公共交通 zone lists them): real
 * towns and streets, invented addresses in their 政务服务中心, phones and hours, named （演示）.
 */
export interface Hall {
  name: string;
  area: string;
  address: string;
  phone: string;
  hours: string;
  services: string;
}

const HALL_SERVICES = '普通护照、往来港澳通行证及签注、往来台湾通行证及签注的申请受理和制证';
const HOURS = '周一至周五 09:00—12:00，13:30—17:00；周六 09:00—12:00（法定节假日除外）';

export const EXIT_ENTRY_HALLS: readonly Hall[] = [
  { name: '达州市公安局出入境接待大厅（演示）', area: '达州市通川区', address: '达州市通川区通川北路东段市民服务中心二楼', phone: '0818-2100110', hours: HOURS, services: `${HALL_SERVICES}；外国人签证证件；出入境证件自助办理` },
  { name: '达州市公安局达川区分局出入境接待大厅（演示）', area: '达州市达川区', address: '达州市达川区翠屏街道达川大道政务服务中心一楼', phone: '0818-2300110', hours: HOURS, services: HALL_SERVICES },
  { name: '宣汉县公安局出入境接待大厅（演示）', area: '达州市宣汉县', address: '达州市宣汉县东乡街道东环路政务服务中心一楼', phone: '0818-5200110', hours: HOURS, services: HALL_SERVICES },
  { name: '开江县公安局出入境接待大厅（演示）', area: '达州市开江县', address: '达州市开江县新宁镇淙城大道政务服务中心', phone: '0818-8200110', hours: HOURS, services: HALL_SERVICES },
  { name: '大竹县公安局出入境接待大厅（演示）', area: '达州市大竹县', address: '达州市大竹县竹阳街道东湖大道政务服务中心二楼', phone: '0818-6200110', hours: HOURS, services: HALL_SERVICES },
  { name: '渠县公安局出入境接待大厅（演示）', area: '达州市渠县', address: '达州市渠县天星街道渠州大道政务服务中心一楼', phone: '0818-7200110', hours: HOURS, services: HALL_SERVICES },
  { name: '万源市公安局出入境接待大厅（演示）', area: '达州市万源市', address: '达州市万源市古东关街道万源大道政务服务中心', phone: '0818-8600110', hours: HOURS, services: HALL_SERVICES },
];
