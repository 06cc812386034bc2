/** GB/T 2260 codes and approximate seats (DOMAIN.md). */
export const SITES = [
  { code: '510000', name: '四川省', level: 'province', parent_code: null, lat: 30.65, lng: 104.07, sort: 0 },
  { code: '511700', name: '达州市', level: 'city', parent_code: '510000', lat: 31.21, lng: 107.47, sort: 0 },
  { code: '511702', name: '通川区', level: 'county', parent_code: '511700', lat: 31.21, lng: 107.5, sort: 1 },
  { code: '511703', name: '达川区', level: 'county', parent_code: '511700', lat: 31.2, lng: 107.51, sort: 2 },
  { code: '511722', name: '宣汉县', level: 'county', parent_code: '511700', lat: 31.35, lng: 107.73, sort: 3 },
  { code: '511723', name: '开江县', level: 'county', parent_code: '511700', lat: 31.08, lng: 107.87, sort: 4 },
  { code: '511724', name: '大竹县', level: 'county', parent_code: '511700', lat: 30.74, lng: 107.2, sort: 5 },
  { code: '511725', name: '渠县', level: 'county', parent_code: '511700', lat: 30.84, lng: 106.97, sort: 6 },
  { code: '511781', name: '万源市', level: 'county', parent_code: '511700', lat: 32.07, lng: 108.04, sort: 7 },
  { code: '511771', name: '达州经济开发区', level: 'zone', parent_code: '511700', lat: null, lng: null, sort: 8 },
] as const;
