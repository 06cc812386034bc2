/**
 * The divisions a `region` field offers: 达州市 and its counties (DOMAIN.md, GB/T 2260). A static
 * list: the form must work before the sites API answers, and these codes do not change.
 */
export const DAZHOU_REGIONS: { value: string; text: string }[] = [
  { value: '511700', text: '达州市' },
  { value: '511702', text: '通川区' },
  { value: '511703', text: '达川区' },
  { value: '511722', text: '宣汉县' },
  { value: '511723', text: '开江县' },
  { value: '511724', text: '大竹县' },
  { value: '511725', text: '渠县' },
  { value: '511781', text: '万源市' },
  { value: '511771', text: '达州经济开发区' },
];

export function regionName(code: string): string {
  return DAZHOU_REGIONS.find((r) => r.value === code)?.text ?? code;
}
