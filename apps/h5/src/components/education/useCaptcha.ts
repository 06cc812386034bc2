import { ref, shallowRef } from 'vue';
import type { CaptchaResponse } from '@dz/contracts';
import { errorMessage } from '../../api/client';
import { educationApi } from '../../api/education';

/**
 * The current captcha of a form. A captcha answers one query only (the server deletes it at the
 * first check, right or wrong), so the page calls refresh() after every submit. A newer fetch wins.
 */
export function useCaptcha() {
  const captcha = shallowRef<CaptchaResponse | null>(null);
  const loading = ref(false);
  const error = ref('');
  let generation = 0;

  async function refresh(): Promise<void> {
    const gen = ++generation;
    loading.value = true;
    error.value = '';
    try {
      const c = await educationApi.captcha();
      if (gen === generation) captcha.value = c;
    } catch (e) {
      if (gen === generation) {
        captcha.value = null;
        error.value = `验证码获取失败：${errorMessage(e)}，请点“换一张”重试`;
      }
    } finally {
      if (gen === generation) loading.value = false;
    }
  }

  return { captcha, loading, error, refresh };
}
