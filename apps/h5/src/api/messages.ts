import { http } from './client';
import type { Paged } from './affairs';

export interface Message {
  id: number;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  read: boolean;
}

export const messagesApi = {
  /** Background badge: quiet, so an anonymous visitor's 401 never sends anyone to login. */
  unreadCount: (site: string) => http.get<{ count: number }>('/api/messages/unread-count', { query: { site }, quiet: true }),
  list: (site: string, page: number, pageSize = 20) => http.get<Paged<Message>>('/api/messages', { query: { site, page, pageSize } }),
  /** Reading a message marks it read on the server. */
  get: (id: number | string) => http.get<Message>(`/api/messages/${encodeURIComponent(String(id))}`),
  /** With the site: marks exactly what the list shows (without one the server marks every site's). */
  readAll: (site: string) => http.post<unknown>('/api/messages/read-all', undefined, { query: { site } }),
};
