import type { Router } from 'vue-router';
import { useSessionStore } from '@/stores/session';
import { useSiteStore } from '@/stores/site';

const PRODUCT = '天府通办·达州 管理后台';

/**
 * Route guard: not logged in → /login; logged in but the password is still the initial one or no
 * second factor is enrolled → /setup (the server refuses everything else anyway); a page whose
 * permission the staff member lacks → /403.
 */
export function installRouterGuard(router: Router): void {
  router.beforeEach(async (to) => {
    const session = useSessionStore();
    await session.ensureLoaded();

    if (to.meta.public) {
      // A logged-in staff member opening /login goes on to where they belong.
      if (to.name === 'Login' && session.isLoggedIn) return session.needsSetup ? { name: 'Setup' } : { path: '/' };
      return true;
    }
    if (!session.isLoggedIn) {
      return { name: 'Login', query: to.fullPath !== '/' && to.fullPath !== '/dashboard' ? { redirect: to.fullPath } : {} };
    }
    if (session.needsSetup) return to.name === 'Setup' ? true : { name: 'Setup' };
    if (to.name === 'Setup') return { path: '/' };
    // Lists filter by the header's site from their first request, so the site tree comes first.
    await useSiteStore().ensureLoaded();
    if (to.meta.permission && !session.can(to.meta.permission)) {
      return { name: 'Forbidden', query: { from: to.fullPath } };
    }
    return true;
  });

  router.afterEach((to) => {
    document.title = to.meta.title ? `${to.meta.title} - ${PRODUCT}` : PRODUCT;
  });
}
