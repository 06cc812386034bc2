import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { STORAGE_KEYS, readJson, writeJson } from '../utils/storage';

/**
 * Display preferences. 长辈版 (elder mode, MIIT 2021 适老化 spec) is a class on <html> that
 * switches Vant's CSS variables to larger type and 60 px touch targets (styles/theme.css), so
 * every page follows without page-specific code.
 */
export const usePrefsStore = defineStore('prefs', () => {
  const elder = ref<boolean>(readJson<boolean>(STORAGE_KEYS.elderMode, false) === true);

  const motionQuery = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia('(prefers-reduced-motion: reduce)') : null;
  const reducedMotion = ref<boolean>(motionQuery?.matches ?? false);
  motionQuery?.addEventListener?.('change', (e) => {
    reducedMotion.value = e.matches;
  });

  watch(
    elder,
    (on) => {
      document.documentElement.classList.toggle('elder', on);
      writeJson(STORAGE_KEYS.elderMode, on);
    },
    { immediate: true },
  );

  function setElder(on: boolean): void {
    elder.value = on;
  }

  return { elder, reducedMotion, setElder };
});
