/**
 * 消息中心: a citizen's inbox for the site they are looking at, unread counts and read marks;
 * and the console side that sends messages to everyone, to a site (and the sites below it) or
 * to one user found by phone through the blind index (the phone itself is stored encrypted).
 */
import { maskPhone, type AdminMessageListQuery, type AdminMessageView, type MessageSendRequest, type MessageView, type PagedOf } from '@dz/contracts';
import type { AppContext } from '../../infra/context.js';
import { AppError, badRequest, forbidden, notFound } from '../../infra/errors.js';
import { nowIso } from '../../infra/time.js';
import type { SitesService } from '../sites/sites.service.js';
import { StaffAuditor, type Actor } from '../admin-auth/staff-guard.js';
import { UsersRepository } from '../auth/users.repository.js';
import { ancestryOf, paging } from '../catalog/site-scope.js';
// A duplicate-key clash there means a concurrent request already marked the message read.
import { isDuplicateKey } from '../../infra/duplicate-key.js';
import { MessagesRepository, type InboxRow, type SentRow } from './messages.repository.js';


const toView = (r: InboxRow): MessageView => ({ id: Number(r.id), title: r.title, body: r.body, link: r.link, createdAt: r.created_at, read: r.read_at !== null });

const TARGET_NAMES = { all: '全部用户', site: '站点用户', user: '指定用户' } as const;

export class MessagesService {
  private readonly auditor: StaffAuditor;
  constructor(
    private readonly ctx: AppContext,
    private readonly sites: SitesService,
  ) {
    this.auditor = new StaffAuditor(ctx.audit);
  }

  private get repo() {
    return new MessagesRepository(this.ctx.db);
  }

  /**
   * A personal notice in one citizen's 消息中心 (办件, 互动, 挂号 …), shown on the site it concerns and
   * linking to the H5 page to open. The features that tell a citizen something call this, so a
   * notice has one shape whoever writes it.
   */
  async notifyUser(m: { userId: number; siteCode: string; title: string; body: string; link: string }): Promise<void> {
    await this.repo.insert({ site_code: m.siteCode, user_id: m.userId, title: m.title.slice(0, 200), body: m.body.slice(0, 1000), link: m.link, created_by: null, created_at: nowIso() });
  }

  // ---- citizen -----------------------------------------------------------------------------

  async inbox(userId: number, q: { site?: string | undefined; page?: number | undefined; pageSize?: number | undefined }): Promise<PagedOf<MessageView>> {
    const ancestry = await ancestryOf(this.sites, q.site);
    const { page, pageSize, offset } = paging(q);
    const { rows, total } = await this.repo.inbox(userId, ancestry, offset, pageSize);
    return { items: rows.map(toView), total, page, pageSize };
  }

  /** Anonymous visitors have no inbox: the bell shows nothing rather than asking them to log in. */
  async unreadCount(userId: number | null, site: string | undefined): Promise<number> {
    const ancestry = await ancestryOf(this.sites, site);
    return userId === null ? 0 : this.repo.unreadCount(userId, ancestry);
  }

  /** Opening a message marks it read. */
  async open(userId: number, id: number): Promise<MessageView> {
    const row = await this.repo.findForUser(id, userId);
    if (!row) throw notFound('消息不存在或已删除');
    if (row.read_at === null) {
      try {
        await this.repo.markRead(id, userId, nowIso());
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
    return { ...toView(row), read: true };
  }

  /**
   * Marks read what the user sees on the given site; with no site, everything addressed to them
   * on any site, so the badge is clear whichever site they switch to next.
   */
  async readAll(userId: number, site: string | undefined): Promise<void> {
    const ancestry = site ? await ancestryOf(this.sites, site) : (await this.sites.list()).map((s) => s.code);
    try {
      await this.repo.markAllRead(userId, ancestry, nowIso());
    } catch (err) {
      // Another tab marked some of them at the same moment: once more skips those.
      if (!isDuplicateKey(err)) throw err;
      await this.repo.markAllRead(userId, ancestry, nowIso());
    }
  }

  // ---- console -----------------------------------------------------------------------------

  /** Province level (or super admin) may address every citizen; below that, a site is the widest audience. */
  private async mayAddressAll(actor: Actor): Promise<boolean> {
    if (actor.staff.isSuper) return true;
    return (await this.sites.list()).find((s) => s.code === actor.staff.siteCode)?.level === 'province';
  }

  private async siteName(code: string | null): Promise<string> {
    if (code === null) return '全部站点';
    return (await this.sites.list()).find((s) => s.code === code)?.name ?? code;
  }

  private toAdminView(r: SentRow, phones: Map<number, string>): AdminMessageView {
    const phone = r.user_id !== null ? phones.get(r.user_id) : undefined;
    return {
      id: Number(r.id),
      title: r.title,
      body: r.body,
      link: r.link,
      target: r.user_id !== null ? 'user' : r.site_code === null ? 'all' : 'site',
      siteCode: r.site_code,
      userPhone: phone ? maskPhone(phone) : null,
      createdBy: r.created_by_name,
      createdAt: r.created_at,
      readCount: r.read_count,
    };
  }

  /** Recipients' phones, decrypted for this one response and only ever shown masked. */
  private async phonesOf(userIds: number[]): Promise<Map<number, string>> {
    const users = new UsersRepository(this.ctx.db);
    const out = new Map<number, string>();
    for (const id of new Set(userIds)) {
      const u = await users.findById(id);
      const phone = u ? this.ctx.gm.decryptNullable(u.phone_enc) : null;
      if (phone) out.set(id, phone);
    }
    return out;
  }

  async sentList(actor: Actor, q: AdminMessageListQuery): Promise<PagedOf<AdminMessageView>> {
    let siteCodes = actor.staff.siteCodes;
    if (q.siteCode) {
      await this.auditor.requireSite(actor, q.siteCode, { action: 'message.list', objectType: 'site', objectId: q.siteCode });
      siteCodes = await this.sites.subtree(q.siteCode);
    }
    // Messages to everyone belong to the province level: listed with it, not under a city or county.
    const level = (await this.sites.list()).find((s) => s.code === (q.siteCode ?? actor.staff.siteCode))?.level;
    const includeAll = level === 'province' && (await this.mayAddressAll(actor));
    const { page, pageSize, offset } = paging(q);
    const { rows, total } = await this.repo.sent(siteCodes, includeAll, offset, pageSize);
    const phones = await this.phonesOf(rows.flatMap((r) => (r.user_id !== null ? [r.user_id] : [])));
    return { items: rows.map((r) => this.toAdminView(r, phones)), total, page, pageSize };
  }

  async send(actor: Actor, body: MessageSendRequest): Promise<AdminMessageView> {
    const target = { action: 'message.send', objectType: 'message' };
    let siteCode: string | null = null;
    let userId: number | null = null;
    let audience: string = TARGET_NAMES.all;
    if (body.target === 'all') {
      if (!(await this.mayAddressAll(actor))) {
        await this.auditor.deny(actor, { ...target, siteCode: actor.staff.siteCode, summary: '试图向全部用户发送消息' }, forbidden('只有省级管理员可以向全部用户发送消息，请改为发送给本站点用户'));
      }
    } else {
      siteCode = body.siteCode ?? (body.target === 'user' ? actor.staff.siteCode : null);
      if (!siteCode) throw badRequest('请选择接收消息的站点', { siteCode: '请选择站点' });
      if (!(await this.sites.list()).some((s) => s.code === siteCode)) throw badRequest('所选站点不存在，请刷新后重新选择', { siteCode: '站点不存在' });
      await this.auditor.requireSite(actor, siteCode, target);
      audience = `${await this.siteName(siteCode)}${body.target === 'site' ? '及下级站点的用户' : ''}`;
      if (body.target === 'user') {
        if (!body.userPhone) throw badRequest('请填写接收用户的手机号', { userPhone: '请填写手机号' });
        const user = await new UsersRepository(this.ctx.db).findByPhoneIdx(this.ctx.gm.blindIndex('phone', body.userPhone));
        if (!user) throw new AppError(404, 'USER_NOT_FOUND', '没有找到用这个手机号注册的用户，请核对后重试');
        userId = user.id;
        audience = `用户 ${maskPhone(body.userPhone)}`;
      }
    }
    const now = nowIso();
    const id = await this.repo.insert({
      site_code: siteCode,
      user_id: userId,
      title: body.title.trim(),
      body: body.body.trim(),
      link: body.link?.trim() || null,
      created_by: actor.staff.id,
      created_at: now,
    });
    await this.auditor.record(actor, { ...target, siteCode, objectId: id, summary: `发送消息“${body.title.trim()}”给${audience}` });
    const phones = new Map(userId !== null && body.userPhone ? [[userId, body.userPhone]] : []);
    return this.toAdminView({ ...(await this.repo.findById(id))!, read_count: 0, created_by_name: actor.staff.username }, phones);
  }
}
