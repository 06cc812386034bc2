import type { Router } from 'vue-router';
import { ElMessage } from 'element-plus';
import { setRequestHooks } from '@/api/request';
import { useSessionStore } from '@/stores/session';
import { useSiteStore } from '@/stores/site';

/** Connects the request client's interceptors to the router and the session (kept apart to avoid a cycle). */
export function installRequestHooks(router: Router): void {
  // Several calls may fail at once when a session expires; show one message, not five.
  let lastNotice = 0;
  const noticeOnce = (text: string, type: 'warning' | 'error') => {
    const now = Date.now();
    if (now - lastNotice < 1500) return;
    lastNotice = now;
    ElMessage({ message: text, type, grouping: true });
  };

  setRequestHooks({
    onUnauthorized() {
      const session = useSessionStore();
      const wasLoggedIn = session.isLoggedIn;
      session.clear();
      useSiteStore().reset();
      const current = router.currentRoute.value;
      if (current.name === 'Login') return;
      if (wasLoggedIn) noticeOnce('登录已失效，请重新登录', 'warning');
      void router.replace({ name: 'Login', query: { redirect: current.fullPath } });
    },
    onSetupRequired() {
      const session = useSessionStore();
      if (router.currentRoute.value.name === 'Setup') return;
      noticeOnce('请先完成首次登录安全设置：修改初始密码并绑定动态验证码', 'warning');
      // The server knows better than our cached copy which step is missing.
      void session.refresh().then(() => router.replace({ name: 'Setup' }));
    },
    onError(error) {
      ElMessage({ message: error.message, type: 'error', grouping: true, showClose: true });
    },
  });
}
