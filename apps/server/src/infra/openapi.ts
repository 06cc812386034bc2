/**
 * The OpenAPI document at /api/openapi.json and the Swagger UI at /api/docs. Partners and the open
 * platform generate clients from this document (issue 8, finding 12), so it must lint clean with
 * Redocly's recommended ruleset and go through openapi-typescript:
 *
 * - OpenAPI 3.1.0: our nullable fields are `anyOf [T, { type: 'null' }]` (TypeBox's Union with
 *   Null), which is JSON Schema 2020-12 and valid in 3.1 — in 3.0.3 it was 238 lint errors.
 * - Every schema with a `$id` in contracts (SiteNode, which is recursive, UserView, ErrorBody …) is a
 *   component and every use of it a `$ref` to `#/components/schemas/<id>`, so refs resolve.
 * - Every operation has an `operationId` (stable: derived from method + path unless the route
 *   sets one) and a `security` derived from the route's guard, so routes need not repeat either.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Config } from './config.js';

const TAGS = [
  { name: 'platform', description: '平台：健康检查、版本、开发工具' },
  { name: 'auth', description: '统一身份认证：注册、登录、短信验证码、找回密码、三方登录' },
  { name: 'me', description: '我的：个人信息、实名认证、修改密码、账号注销' },
  { name: 'sites', description: '站点' },
  { name: 'admin-auth', description: '管理后台登录与双因素认证' },
  { name: 'admin-org', description: '组织授权：站点、部门、角色、工作人员' },
  { name: 'admin-audit', description: '审计日志' },
  { name: 'pages', description: '频道页面（零代码配置的首页、办事、便民）' },
  { name: 'catalog', description: '服务专区、主题与应用' },
  { name: 'items', description: '政务服务事项与办事指南' },
  { name: 'news', description: '资讯' },
  { name: 'messages', description: '消息中心' },
  { name: 'search', description: '搜索、热门搜索与搜索历史' },
  { name: 'visits', description: '访问记录（统计分析的数据来源）' },
  { name: 'appointments', description: '办事预约' },
  { name: 'admin-pages', description: '移动端管理：页面配置与版本' },
  { name: 'admin-catalog', description: '内容管理：专区、应用、事项、资讯、消息、热门搜索' },
  { name: 'admin-appointments', description: '办事预约管理：大厅、窗口、号源、预约记录' },
  { name: 'admin-stats', description: '统计分析：访问量' },
  { name: 'utilities', description: '水电服务 / 燃气服务：户号匹配、账单查询、缴费' },
  { name: 'payments', description: '统一支付：订单、支付通知、缴费记录' },
  { name: 'files', description: '文件服务：图片上传（按内容校验，加密保存）' },
  { name: 'applications', description: '在线报装 / 燃气报装与我的办件' },
  { name: 'admin-partners', description: '接口管理：对接系统配置、健康检查、熔断状态、调用日志' },
  { name: 'admin-payments', description: '支付订单、退款与对账' },
  { name: 'admin-jobs', description: '后台任务：进度与结果下载' },
  { name: 'forms', description: '在线办事表单（按站点继承，含登录信息预填）' },
  { name: 'cases', description: '办件：在线申报、草稿、我的办件、补正、撤回、好差评' },
  { name: 'documents', description: '电子文书：PDF 下载与扫码核验（SM2 签名）' },
  { name: 'admin-forms', description: '表单设计与流程配置：草稿、发布、版本、恢复' },
  { name: 'admin-cases', description: '办件中心：队列、受理与办理、统计、好差评与整改' },
  { name: 'faqs', description: '常见问题：按站点继承，支持汉字、全拼与拼音首字母检索' },
  { name: 'admin-faqs', description: '常见问题与答复模板管理' },
  { name: 'bookings', description: '我的预约：办事预约、预约挂号、景点与场馆预约（各类预约统一列出）' },
  { name: 'admin-transit', description: '公交数据：导入 GTFS 时刻表（校验报告、替换在用数据）与导入记录' },
  { name: 'real-estate', description: '不动产：房屋查询（本人及配偶、未成年子女）、无房证明（个人及家庭住房情况查询单，SM2 签名 PDF）' },
  { name: 'housing-fund', description: '公积金：账户信息、贷款与存款利率、合作楼盘、服务网点' },
  { name: 'admin-housing-fund', description: '公积金利率管理：按站点维护公积金贷款、商业贷款与存款利率' },
  { name: 'medical', description: '医疗就诊：医院、科室、号源、预约挂号与挂号缴费、就诊人、检验报告' },
  { name: 'tourism', description: '旅游：景点介绍（汉字、全拼、首字母检索）、景点分时预约（文旅预约平台余票）、常用游客' },
  { name: 'education', description: '文体教育：中考成绩查询（图形验证码及无障碍替代问题、错误次数限制）、学生资助政策查询' },
  { name: 'culture', description: '场馆预约：图书馆、文化馆的开放时段与余量、预约与取消、前一天提醒' },
  { name: 'admin-tourism', description: '景点管理：按站点维护景点介绍、实景图与预约平台关联' },
  { name: 'admin-education', description: '资助政策管理：按站点维护学生资助政策（富文本经过清理、附件）' },
  { name: 'file-centre', description: '文件中心：工作人员上传公开图片与 PDF（按内容识别类型），供景点实景图、政策附件等引用' },
  { name: 'licences', description: '电子证照：我的证照、亮证密码、亮证码（SM2 签名，300 秒有效）与核验记录、表单免提交授权' },
  { name: 'transit', description: '公共交通：路线规划（较快捷 / 少步行 / 少换乘）、附近线路与实时到站、线路与站点、最近使用、充电桩查询' },
  { name: '互动', description: '互动：我要咨询 / 建议 / 投诉、我的回复与追问、答复公开、数据统计，以及工作人员的互动受理、答复、公开与督办' },
];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };
type Security = Record<string, string[]>[];

const REF = '#/components/schemas/';
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A copy of a route schema in which every sub-schema with a `$id` (and every bare `$ref` to one)
 * becomes a `$ref` to its component; the sub-schema itself is recorded in `found`. TypeBox's
 * symbols are not enumerable, so the copy is plain JSON.
 */
function extractComponents(value: unknown, found: Map<string, JsonObject>, atRoot = false): Json {
  if (Array.isArray(value)) return value.map((v) => extractComponents(v, found));
  if (!isObject(value)) return value as Json;
  const id = typeof value.$id === 'string' ? value.$id : null;
  if (typeof value.$ref === 'string' && !value.$ref.startsWith('#')) return { $ref: REF + value.$ref };
  const out: JsonObject = {};
  // TypeBox writes a tuple ([lat, lng]) as draft-07's `items: [...]` + `additionalItems`; OpenAPI
  // 3.1 (JSON Schema 2020-12) says `prefixItems`, its min/maxItems already closing the tuple.
  const tuple = Array.isArray(value.items);
  for (const [k, v] of Object.entries(value)) {
    if (k === '$id' || (tuple && k === 'additionalItems')) continue;
    if (tuple && k === 'items') {
      out.prefixItems = extractComponents(v, found);
      continue;
    }
    out[k] = k === 'properties' && isObject(v) ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, extractComponents(s, found)])) : extractComponents(v, found);
  }
  if (id && !atRoot) {
    if (!found.has(id)) found.set(id, out);
    return { $ref: REF + id };
  }
  if (id && atRoot) found.set(id, out);
  return out;
}

/** `GET /api/admin/zones/{id}` → `getAdminZonesById`: stable, readable, unique with the method. */
export function operationIdOf(method: string, url: string): string {
  const words = url
    .replace(/^\/api\//, '/')
    .split('/')
    .filter(Boolean)
    .map((seg) => {
      const param = /^[:{]([^}]+)}?$/.exec(seg);
      const word = (param ? `by-${param[1]}` : seg).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''));
      return word.charAt(0).toUpperCase() + word.slice(1);
    });
  return method.toLowerCase() + words.join('');
}

const guardNames = (route: RouteOptions): string[] =>
  [route.onRequest, route.preValidation, route.preHandler]
    .flatMap((h) => (Array.isArray(h) ? h : h ? [h] : []))
    .map((h) => (h as { name?: string }).name ?? '');

/** Who may call the route, from its guard (requireUser / requireStaff / optionalUser), else from its prefix. */
export function securityOf(route: RouteOptions): Security {
  const names = guardNames(route);
  if (names.includes('staffGuard')) return [{ staff: [] }];
  if (names.includes('requireUser')) return [{ citizen: [] }];
  if (names.includes('optionalUser')) return [{}, { citizen: [] }];
  const url = route.url;
  if (url.startsWith('/api/admin/') && url !== '/api/admin/auth/login') return [{ staff: [] }];
  if (url === '/api/me' || url.startsWith('/api/me/')) return [{ citizen: [] }];
  return [];
}

/** Registers @fastify/swagger and the UI, and serves the document (one line in app.ts). */
export async function registerOpenApi(app: FastifyInstance, config: Config): Promise<void> {
  const components = new Map<string, JsonObject>();
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: '天府通办 · 达州分站 API',
        version: config.version,
        description: '市民端 H5、管理后台与合作方接口。错误统一返回 { code, message }。',
        license: { name: 'Proprietary（达州市政务服务和大数据管理局）', identifier: 'LicenseRef-Proprietary' },
      },
      servers: [{ url: config.publicBaseUrl ? new URL(config.publicBaseUrl).origin : '/', description: config.publicBaseUrl ? '本站' : '本站（与文档同源）' }],
      tags: TAGS,
      components: { securitySchemes: { citizen: { type: 'apiKey', in: 'cookie', name: 'dz_sid' }, staff: { type: 'apiKey', in: 'cookie', name: 'dz_admin_sid' } } },
    },
    // Paths stay as the routes declare them (/api/...), whatever the server URL.
    stripBasePath: false,
    transform: ({ schema, url, route }) => {
      const own = (schema ?? {}) as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(own)) {
        out[k] = ['body', 'querystring', 'params', 'headers'].includes(k) ? extractComponents(v, components, true) : v;
      }
      if (isObject(own.response)) {
        // A response schema that is itself a component ({ 200: SiteNode }) becomes a $ref too.
        out.response = Object.fromEntries(Object.entries(own.response).map(([status, s]) => [status, extractComponents(s, components)]));
      }
      out.security ??= securityOf(route as RouteOptions);
      return { schema: out as never, url };
    },
    transformObject: (documentObject) => {
      const { openapiObject } = documentObject as unknown as { openapiObject: Record<string, unknown> };
      const doc = openapiObject as unknown as { paths: Record<string, Record<string, JsonObject>>; components: { schemas?: Record<string, Json> } };
      doc.components.schemas = { ...doc.components.schemas, ...Object.fromEntries([...components].sort(([a], [b]) => a.localeCompare(b))) };
      const taken = new Set<string>();
      for (const [path, ops] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(ops)) {
          let id = typeof op.operationId === 'string' ? op.operationId : operationIdOf(method, path);
          for (let n = 2; taken.has(id); n++) id = `${operationIdOf(method, path)}${n}`;
          taken.add(id);
          op.operationId = id;
        }
      }
      return openapiObject as never;
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
