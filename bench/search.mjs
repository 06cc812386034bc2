#!/usr/bin/env node
// Search index micro-benchmark, in-process (no HTTP, no database): builds the SearchIndex that
// GET /api/search uses over 10,000 generated documents (apps, items, news spread over the city and
// its counties) and times 1,000 queries — one third Chinese, one third full pinyin, one third
// pinyin initials. Target: p95 < 20 ms per query. Then what a console write costs: the sliced
// build (as a full rebuild runs beside requests) with the longest event-loop pause it leaves, and
// one-document upserts into the 10,000-document index, with the query p95 after them.
// bench/search-http.mjs measures the same over HTTP on two instances.
//   node --import tsx bench/search.mjs            (runs the TypeScript source)
//   npm run build -w apps/server && node bench/search.mjs   (runs the built dist)
//   options: --docs 10000 --queries 1000 --seed 42
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { cpus } from 'node:os';
import { pinyin } from 'pinyin-pro';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const DOCS = arg('docs', 10_000);
const QUERIES = arg('queries', 1_000);
let seed = arg('seed', 42);

async function loadIndex() {
  try {
    return await import('../apps/server/src/features/search/search-index.ts');
  } catch {
    try {
      return await import('../apps/server/dist/features/search/search-index.js');
    } catch {
      console.error('找不到搜索索引模块：请用 node --import tsx bench/search.mjs 运行，或先 npm run build -w apps/server');
      process.exit(1);
    }
  }
}
const { SearchIndex } = await loadIndex();

// Deterministic pseudo-random numbers (mulberry32), so runs are comparable.
function rand() {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (a) => a[Math.floor(rand() * a.length)];

const SUBJECTS = ['公积金', '社保', '医保', '不动产', '户籍', '身份证', '驾驶证', '营业执照', '燃气', '供水', '电费', '公交', '景区', '图书馆', '学籍', '出生证明', '婚姻登记', '退休', '失业', '养老金', '住房', '契税', '残疾人', '低保', '居住证', '护照', '出入境', '车辆', '违章', '医院'];
const ACTIONS = ['查询', '办理', '提取', '缴费', '申领', '变更', '注销', '补办', '预约', '转移', '登记', '证明开具', '年审', '备案', '认证'];
const PREFIX = ['', '', '', '达州市', '通川区', '个人', '企业', '网上', '掌上'];
const DEPTS = ['达州市政务服务管理局', '达州市公安局', '达州市人力资源和社会保障局', '达州市住房公积金管理中心', '达州市不动产登记中心', '通川区政务服务和大数据管理局'];
const FILLER = '为进一步优化营商环境，提升政务服务便利度，市政务服务管理局推出多项便民举措，群众可通过天府通办达州分站在线办理相关业务，实现数据多跑路群众少跑腿。';
const SITES = ['511700', '511700', '511700', '511702', '511703', '511722', '511725'];

const docs = [];
for (let i = 0; i < DOCS; i++) {
  const kind = i % 10 < 3 ? 'app' : i % 10 < 8 ? 'item' : 'news';
  const subject = pick(SUBJECTS);
  const name = `${pick(PREFIX)}${subject}${pick(ACTIONS)}${kind === 'news' ? `新规${i}` : ''}`;
  docs.push({
    kind,
    id: i + 1,
    code: kind === 'news' ? null : `${kind}-${i}`,
    siteCode: pick(SITES),
    name,
    keywords: kind === 'news' ? '' : `${pick(SUBJECTS)},${pick(ACTIONS)}`,
    body: kind === 'news' ? `${name}。${FILLER}${FILLER}` : `${pick(DEPTS)} ${pick(SUBJECTS)}`,
    popularity: Math.floor(rand() * 10_000),
    card: { id: i + 1 },
  });
}

const heapBefore = process.memoryUsage().heapUsed;
const t0 = performance.now();
const index = SearchIndex.build(docs);
const buildMs = performance.now() - t0;
const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1048576;

const words = [...SUBJECTS, ...SUBJECTS.flatMap((s) => ACTIONS.slice(0, 3).map((a) => s + a))];
const queries = [];
for (let i = 0; i < QUERIES; i++) {
  const w = pick(words);
  const kind = i % 3;
  if (kind === 0) queries.push({ kind: '汉字', q: w });
  else if (kind === 1) queries.push({ kind: '全拼', q: pinyin(w, { toneType: 'none', type: 'array', v: true }).join('') });
  else queries.push({ kind: '首字母', q: pinyin(w, { pattern: 'first', toneType: 'none', type: 'array' }).join('') });
}
const ancestry = ['511702', '511700', '510000'];

// Warm-up (JIT), then measure.
for (const { q } of queries.slice(0, 100)) index.search(q, ancestry, 20);
const times = { all: [], 汉字: [], 全拼: [], 首字母: [] };
let hits = 0;
for (const { kind, q } of queries) {
  const s = performance.now();
  const r = index.search(q, ancestry, 20);
  const ms = performance.now() - s;
  times.all.push(ms);
  times[kind].push(ms);
  hits += r.app.length + r.item.length + r.news.length;
}

const pct = (arr, p) => {
  const a = [...arr].sort((x, y) => x - y);
  return a[Math.min(a.length - 1, Math.ceil((p / 100) * a.length) - 1)];
};
const f = (n) => n.toFixed(2);
console.log(`\nNode ${process.version} · ${cpus().length} cores · ${DOCS} documents · ${QUERIES} queries`);
console.log(`index build ${f(buildMs)} ms · heap +${heapMb.toFixed(1)} MB · ${(hits / QUERIES).toFixed(1)} results per query on average\n`);
console.log('| 查询 | 次数 | p50 ms | p95 ms | p99 ms | 最大 ms |');
console.log('|---|---|---|---|---|---|');
for (const k of ['汉字', '全拼', '首字母', 'all']) {
  const a = times[k];
  console.log(`| ${k === 'all' ? '全部' : k} | ${a.length} | ${f(pct(a, 50))} | ${f(pct(a, 95))} | ${f(pct(a, 99))} | ${f(Math.max(...a))} |`);
}
const p95 = pct(times.all, 95);
console.log(`\np95 ${f(p95)} ms ${p95 < 20 ? '< 20 ms ✓' : '≥ 20 ms ✗'}`);

// A full rebuild as the service runs it: sliced, the event loop given back every few ms.
const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();
const s0 = performance.now();
const sliced = await SearchIndex.buildSliced(docs);
const slicedMs = performance.now() - s0;
delay.disable();
console.log(`\nsliced build ${f(slicedMs)} ms · longest event-loop pause ${f(delay.max / 1e6)} ms (p99 ${f(delay.percentile(99) / 1e6)} ms)`);

// Console writes: one document each (a new article, then an edit of an app), into the 10,000.
const upserts = [];
for (let i = 0; i < 200; i++) {
  const d = i % 2 ? { ...docs[(i * 37) % DOCS], name: `${pick(SUBJECTS)}${pick(ACTIONS)}改${i}` } : { ...docs[DOCS - 1], id: DOCS + i, name: `社保新规发布${i}`, body: `社保新规发布${i}。${FILLER}` };
  const s = performance.now();
  sliced.upsert(d);
  upserts.push(performance.now() - s);
}
const afterTimes = queries.map(({ q }) => {
  const s = performance.now();
  sliced.search(q, ancestry, 20);
  return performance.now() - s;
});
console.log(`upsert of one document: p50 ${f(pct(upserts, 50))} ms · p99 ${f(pct(upserts, 99))} ms · max ${f(Math.max(...upserts))} ms (200 writes)`);
console.log(`query p95 after 200 writes ${f(pct(afterTimes, 95))} ms (before: ${f(p95)} ms)`);
process.exitCode = p95 < 20 ? 0 : 1;
