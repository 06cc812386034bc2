/** Every feature plugin, in registration order. One line per feature. */
import type { FastifyPluginAsync } from 'fastify';
import platform from './platform/platform.routes.js';
import jobs from './jobs/jobs.routes.js';
import sites from './sites/sites.routes.js';
import sms from './sms/sms.routes.js';
import auth from './auth/auth.routes.js';
import oauth from './oauth/oauth.routes.js';
import me from './me/me.routes.js';
import adminAuth from './admin-auth/admin-auth.routes.js';
import roles from './roles/roles.routes.js';
import org from './org/org.routes.js';
import staff from './staff/staff.routes.js';
import audit from './audit/audit.routes.js';
import pages from './pages/pages.routes.js';
import search from './search/search.routes.js';
import visits from './visits/visits.routes.js';
import subscriptions from './subscriptions/subscriptions.routes.js';
import appointments from './appointments/appointments.routes.js';
import catalog from './catalog/catalog.routes.js';
import items from './items/items.routes.js';
import news from './news/news.routes.js';
import messages from './messages/messages.routes.js';
import integration from './integration/integration.routes.js';
import files from './files/files.routes.js';
import payments from './payments/payments.routes.js';
import utilities from './utilities/utilities.routes.js';
import applications from './applications/applications.routes.js';
import forms from './engine/forms/forms.routes.js';
import documents from './engine/documents/documents.routes.js';
import bureaus from './engine/bureaus/bureaus.routes.js';
import cases from './engine/cases/cases.routes.js';
import casesAdmin from './engine/cases/cases.admin.routes.js';
import ratings from './engine/ratings/ratings.routes.js';
import interactions from './interactions/interactions.routes.js';
import faqs from './faqs/faqs.routes.js';
import bookings from './bookings/bookings.routes.js';
import medical from './zones/medical/medical.routes.js';
import transit from './transit/transit.routes.js';
import transitFeeds from './transit/feeds/feeds.routes.js';
import realEstate from './zones/real-estate/real-estate.routes.js';
import housingFund from './zones/housing-fund/housing-fund.routes.js';
import licences from './licences/licences.routes.js';
import fileCentre from './file-centre/file-centre.routes.js';
import tourism from './zones/tourism/tourism.routes.js';
import culture from './zones/culture/culture.routes.js';
import education from './zones/education/education.routes.js';

export const features: FastifyPluginAsync[] = [
  jobs,
  platform,
  sites,
  // citizen accounts (统一身份认证)
  sms,
  auth,
  oauth,
  me,
  // console: login, organisation, audit (组织授权)
  adminAuth,
  roles,
  org,
  staff,
  audit,
  // portal: zero-code pages (页面配置), search, visit statistics, 我的订阅 / 我的足迹
  pages,
  search,
  visits,
  subscriptions,
  // the bookings core: places in time owned by us or by a partner (lock → pay → confirm); 我的预约
  bookings,
  // 办事预约: halls, windows, slots — a local resource type of the bookings core
  appointments,
  // catalogue: zones, themes, apps, items, news, messages (主题服务 · 办事 · 资讯 · 消息中心)
  catalog,
  items,
  news,
  messages,
  // integration layer (接口管理), 统一支付, 水电 / 燃气 apps, files and 我的办件
  integration,
  files,
  payments,
  utilities,
  applications,
  // applications engine (掌上办, 在线办事, 一件事): forms, documents, bureau connectors, cases + workflows, 好差评
  forms,
  documents,
  bureaus,
  cases,
  casesAdmin,
  ratings,
  // 互动 (咨询 / 建议 / 投诉) on the engine: 我的回复, 答复公开, 数据统计, 互动受理
  interactions,
  // 互动: 常见问题 and 答复模板
  faqs,
  // zones on the cores: 医疗就诊 (HIS 号源, 挂号缴费, 检验报告, 就诊人)
  medical,
  // 公共交通: GTFS timetables, 路线规划, 附近线路, real-time buses, 最近使用, 充电桩
  transit,
  transitFeeds,
  // 不动产 (房屋查询, 无房证明, 证书查验), 公积金 (账户, 利率, 合作楼盘, 服务网点), 电子证照 and 亮证
  realEstate,
  housingFund,
  licences,
  // 文件中心 (public pictures and PDFs), then 旅游 (景点, 预约), 场馆预约 and 文体教育 (中考成绩, 资助政策)
  fileCentre,
  tourism,
  culture,
  education,
];
