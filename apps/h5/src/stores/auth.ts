import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { UserView } from '@dz/contracts';
import { authApi } from '../api/auth';
import { ApiError, errorMessage } from '../api/client';

/**
 * Who is logged in. The session itself is an HttpOnly cookie the page cannot read, so the only
 * truth is the server: GET /api/auth/session answers `{ user }` or `{ user: null }` (never a 401,
 * which the browser would log as an error on every anonymous page load). `unknown` until asked,
 * `error` when the API could not be reached (pages then offer a retry instead of pretending the
 * citizen is logged out).
 */
export type AuthStatus = 'unknown' | 'loading' | 'authenticated' | 'anonymous' | 'error';

export const useAuthStore = defineStore('auth', () => {
  const user = ref<UserView | null>(null);
  const status = ref<AuthStatus>('unknown');
  const error = ref('');
  let inflight: Promise<void> | null = null;

  const loggedIn = computed(() => status.value === 'authenticated' && user.value !== null);

  function fetchMe(): Promise<void> {
    if (inflight) return inflight;
    if (!user.value) status.value = 'loading';
    inflight = authApi
      .session()
      .then(({ user: u }) => {
        error.value = '';
        if (!u) return markAnonymous();
        user.value = u;
        status.value = 'authenticated';
      })
      .catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 401) {
          markAnonymous();
        } else {
          error.value = errorMessage(e);
          status.value = user.value ? 'authenticated' : 'error';
        }
      })
      .finally(() => {
        inflight = null;
      });
    return inflight;
  }

  /** Asks the server only when we do not know yet (or the last attempt failed). */
  function ensureLoaded(): Promise<void> {
    if (status.value === 'unknown' || status.value === 'error' || status.value === 'loading') return fetchMe();
    return Promise.resolve();
  }

  function setUser(u: UserView): void {
    user.value = u;
    status.value = 'authenticated';
    error.value = '';
  }

  function markAnonymous(): void {
    user.value = null;
    status.value = 'anonymous';
  }

  /** Ends the session server-side; a 401 means it was already gone, which is the goal too. */
  async function logout(): Promise<void> {
    try {
      await authApi.logout();
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) throw e;
    }
    markAnonymous();
  }

  return { user, status, error, loggedIn, fetchMe, ensureLoaded, setUser, markAnonymous, logout };
});
