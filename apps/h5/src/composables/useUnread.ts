import { ref } from 'vue';
import { messagesApi } from '../api/messages';

/** One count for the whole app: the title bars show it, the messages page lowers it. */
const count = ref(0);
let inflight: Promise<void> | null = null;

/**
 * Unread messages for the 消息 badge. A failure keeps the last known count: a badge is a hint,
 * not worth an error on a channel page (the messages page itself has its own error state).
 */
export function useUnread() {
  function refresh(site: string): Promise<void> {
    inflight ??= messagesApi
      .unreadCount(site)
      .then((r) => {
        count.value = typeof r?.count === 'number' && r.count > 0 ? Math.floor(r.count) : 0;
      })
      .catch(() => undefined)
      .finally(() => {
        inflight = null;
      });
    return inflight;
  }

  function set(n: number): void {
    count.value = Math.max(0, n);
  }

  return { count, refresh, set };
}
