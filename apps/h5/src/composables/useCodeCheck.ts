/**
 * A checker page's one flow (证书核验, 入园核验): a code from the camera, a picture from the album or
 * pasted text, refused with the page's own hint unless it starts with the page's prefix, else sent
 * to POST /api/verify. The pages keep only their words and how they show the answer.
 */
import { computed, ref, shallowRef } from 'vue';
import type { VerifyResult } from '@dz/contracts';
import { errorMessage } from '../api/client';
import { readPickedQr, useQrCamera } from '../utils/qr-decode';

export interface CodeCheckOptions {
  prefix: string;
  /** What to say of a code of another kind. */
  otherKind: string;
  verify: (code: string) => Promise<VerifyResult>;
  /** A code read by the camera or from a picture, before it is checked (to show it in a text box). */
  onCode?: (text: string) => void;
  /** After an answer arrives (move focus to it). */
  onResult?: () => void | Promise<void>;
}

export function useCodeCheck(o: CodeCheckOptions) {
  const notice = ref('');
  const busy = ref(false);
  const result = shallowRef<VerifyResult | null>(null);
  const fileInput = ref<HTMLInputElement | null>(null);
  const { video, camera, start, stop } = useQrCamera((t) => {
    o.onCode?.(t);
    void check(t);
  }, { autoStart: false });
  const scanning = computed(() => camera.value === 'starting' || camera.value === 'scanning');

  async function check(text: string): Promise<void> {
    notice.value = '';
    result.value = null;
    const code = text.trim();
    if (!code.startsWith(o.prefix)) {
      notice.value = o.otherKind;
      return;
    }
    busy.value = true;
    try {
      result.value = await o.verify(code);
      await o.onResult?.();
    } catch (e) {
      notice.value = errorMessage(e);
    } finally {
      busy.value = false;
    }
  }

  function scan(): void {
    notice.value = '';
    result.value = null;
    void start();
  }

  function chooseImage(): void {
    stop();
    fileInput.value?.click();
  }

  /** The album's picture: decoded here, then checked like a scanned code. */
  async function onFile(event: Event): Promise<void> {
    const files = (event.target as HTMLInputElement).files;
    if (!files?.length) return;
    notice.value = '';
    result.value = null;
    busy.value = true;
    const picked = await readPickedQr(event);
    busy.value = false;
    if (!picked) return;
    if ('error' in picked) {
      notice.value = picked.error;
      return;
    }
    o.onCode?.(picked.text);
    await check(picked.text);
  }

  return { notice, busy, result, fileInput, video, camera, scanning, check, scan, stop, chooseImage, onFile };
}
