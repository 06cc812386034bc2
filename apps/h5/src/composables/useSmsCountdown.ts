import { computed, onScopeDispose, ref, type Ref } from 'vue';
import type { SmsPurpose } from '@dz/contracts';

/**
 * When the next SMS code may be requested, per purpose, shared by every form of the app: leaving
 * the page or switching 个人/法人 tabs must not reset the 60 s wait the server enforces anyway.
 */
const nextAllowedAt: Record<string, Ref<number>> = {};

function slot(purpose: SmsPurpose): Ref<number> {
  nextAllowedAt[purpose] ??= ref(0);
  return nextAllowedAt[purpose];
}

export function useSmsCountdown(purpose: SmsPurpose) {
  const until = slot(purpose);
  const now = ref(Date.now());
  const timer = window.setInterval(() => {
    now.value = Date.now();
  }, 1000);
  onScopeDispose(() => window.clearInterval(timer));

  const remaining = computed(() => Math.max(0, Math.ceil((until.value - now.value) / 1000)));

  function start(seconds: number): void {
    until.value = Date.now() + Math.max(1, seconds) * 1000;
    now.value = Date.now();
  }

  return { remaining, start };
}
