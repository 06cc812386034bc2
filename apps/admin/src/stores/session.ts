import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { authApi, type LoginBody } from '@/api/auth';
import { ApiError } from '@/api/request';
import type { Permission, SessionState, StaffView } from '@/api/types';

/** The role code the server gives its built-in super administrator (role and staff management). */
export const SUPER_ADMIN_ROLE = 'super_admin';

/** The logged-in staff member. The session itself is an HttpOnly cookie; this is only what /me said. */
export const useSessionStore = defineStore('session', () => {
  const staff = ref<StaffView | null>(null);
  const mustChangePassword = ref(false);
  const otpEnrolled = ref(false);
  /** True once /api/admin/me has answered for this page load (logged in or not). */
  const loaded = ref(false);
  let pending: Promise<void> | null = null;

  const isLoggedIn = computed(() => staff.value !== null);
  /** The server refuses every other console call until both steps are done (403 SETUP_REQUIRED). */
  const needsSetup = computed(() => isLoggedIn.value && (mustChangePassword.value || !otpEnrolled.value));
  const roleCodes = computed(() => new Set(staff.value?.roles.map((r) => r.code) ?? []));
  const isSuperAdmin = computed(() => roleCodes.value.has(SUPER_ADMIN_ROLE));
  const permissionSet = computed(() => new Set(staff.value?.permissions ?? []));

  /**
   * Whether menus and buttons for `permission` are shown; the server checks again on every call.
   * A list is satisfied by any one of its permissions (route meta may name alternatives).
   */
  function can(permission?: Permission | readonly Permission[]): boolean {
    if (!permission) return true;
    if (isSuperAdmin.value) return true;
    const wanted: readonly Permission[] = typeof permission === 'string' ? [permission] : permission;
    return wanted.length === 0 || wanted.some((p) => permissionSet.value.has(p));
  }

  function apply(state: SessionState): void {
    staff.value = state.staff;
    mustChangePassword.value = state.mustChangePassword;
    otpEnrolled.value = state.otpEnrolled;
    loaded.value = true;
  }

  function clear(): void {
    staff.value = null;
    mustChangePassword.value = false;
    otpEnrolled.value = false;
    loaded.value = true;
  }

  /** Asks the server once per page load whether the cookie still holds a session. */
  function ensureLoaded(): Promise<void> {
    if (loaded.value) return Promise.resolve();
    pending ??= authApi
      .me()
      .then(apply)
      .catch((error: unknown) => {
        // 401 = not logged in; anything else (server down) also lands on the login page, which then
        // shows the real error when the user tries to log in.
        if (!(error instanceof ApiError)) throw error;
        clear();
      })
      .finally(() => {
        pending = null;
      });
    return pending;
  }

  async function refresh(): Promise<void> {
    loaded.value = false;
    await ensureLoaded();
  }

  async function login(body: LoginBody): Promise<SessionState> {
    const state = await authApi.login(body);
    apply(state);
    return state;
  }

  async function logout(): Promise<void> {
    try {
      await authApi.logout();
    } catch {
      // The cookie may already be gone; the local state is cleared either way.
    } finally {
      clear();
    }
  }

  return {
    staff,
    mustChangePassword,
    otpEnrolled,
    loaded,
    isLoggedIn,
    needsSetup,
    isSuperAdmin,
    can,
    apply,
    clear,
    ensureLoaded,
    refresh,
    login,
    logout,
  };
});
