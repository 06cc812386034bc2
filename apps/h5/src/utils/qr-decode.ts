/**
 * QR decoding for 扫一扫 and 证书核验: the rear camera (getUserMedia, facingMode environment) drawn
 * frame by frame onto a canvas and decoded with jsQR, and a picture from the album decoded the
 * same way. The camera stops as soon as it is not needed (a result, a hidden tab, leaving the page):
 * a phone's camera light must never stay on behind the citizen's back.
 */
import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';
import jsQR from 'jsqr';
import type { BOOKING_QR_PREFIX, DOCUMENT_QR_PREFIX, LICENCE_QR_PREFIX } from '@dz/contracts';

/**
 * The codes POST /api/verify recognises. Written out (a value import would pull the contracts'
 * schemas into the scan page); the types keep the first three equal to the contracts' constants (a
 * 景点 / 场馆 booking's DZBK: among them), the last is partner-protocol's REAL_ESTATE_QR_PREFIX (the
 * registry's certificates).
 */
const DZDOC: typeof DOCUMENT_QR_PREFIX = 'DZDOC:';
const DZLIC: typeof LICENCE_QR_PREFIX = 'DZLIC:';
const DZBK: typeof BOOKING_QR_PREFIX = 'DZBK:';
export const REAL_ESTATE_QR_PREFIX = 'BDCZS:';
export const VERIFIABLE_PREFIXES = [DZDOC, DZLIC, DZBK, REAL_ESTATE_QR_PREFIX] as const;

/** True for a code of this platform or the 不动产 registry that 核验结果 can check. */
export function isVerifiableCode(text: string): boolean {
  const t = text.trim();
  return VERIFIABLE_PREFIXES.some((p) => t.startsWith(p));
}

export type CameraState = 'starting' | 'scanning' | 'denied' | 'unavailable' | 'stopped';

/** Frames are decoded at most this often and this large: enough for a QR code, easy on a phone. */
const SCAN_INTERVAL_MS = 200;
const FRAME_MAX_SIDE = 720;
const PICTURE_MAX_SIDE = 1280;

let sharedCanvas: HTMLCanvasElement | null = null;
let sharedCtx: CanvasRenderingContext2D | null = null;
function context(): CanvasRenderingContext2D | null {
  if (!sharedCanvas) {
    sharedCanvas = document.createElement('canvas');
    sharedCtx = sharedCanvas.getContext('2d', { willReadFrequently: true });
  }
  return sharedCtx;
}

/** Decodes `source` drawn onto a canvas, scaled so its longer side ≤ max. */
function decodeDrawable(source: CanvasImageSource, width: number, height: number, max: number, thorough: boolean): string | null {
  const ctx = context();
  if (!ctx || !width || !height) return null;
  const canvas = ctx.canvas;
  const scale = Math.min(1, max / Math.max(width, height));
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  ctx.drawImage(source, 0, 0, canvas.width, canvas.height);
  const img = ctx.getImageData(0, 0, canvas.width, canvas.height);
  const code = jsQR(img.data, img.width, img.height, { inversionAttempts: thorough ? 'attemptBoth' : 'dontInvert' });
  return code?.data ?? null;
}

/** Thrown by decodeQrFile when the file is no picture the browser can read. */
export class QrImageError extends Error {}

/**
 * The QR text in a picture the citizen chose, or null when none was found. A picture too small for
 * the first pass (a QR in a corner of a large photo) is tried again at full size.
 */
export async function decodeQrFile(file: Blob): Promise<string | null> {
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.src = url;
    try {
      await img.decode();
    } catch {
      throw new QrImageError('无法读取这张图片，请换一张图片再试。');
    }
    const w = img.naturalWidth;
    const h = img.naturalHeight;
    return decodeDrawable(img, w, h, PICTURE_MAX_SIDE, true) ?? (Math.max(w, h) > PICTURE_MAX_SIDE ? decodeDrawable(img, w, h, Math.min(Math.max(w, h), 2560), true) : null);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** The Chinese notice for a picture that gave no code, or could not be read. */
export function pictureErrorMessage(e: unknown): string {
  return e instanceof QrImageError ? e.message : '没有在图片中识别到二维码，请换一张清晰、完整的二维码图片。';
}

/**
 * The album picker's change event → the QR text in the chosen picture, or the Chinese notice for a
 * picture with none or one that cannot be read; null when nothing was chosen. The input is cleared
 * so that choosing the same picture again fires again.
 */
export async function readPickedQr(event: Event): Promise<{ text: string } | { error: string } | null> {
  const el = event.target as HTMLInputElement;
  const file = el.files?.[0];
  el.value = '';
  if (!file) return null;
  try {
    const text = await decodeQrFile(file);
    return text === null ? { error: pictureErrorMessage(null) } : { text };
  } catch (e) {
    return { error: pictureErrorMessage(e) };
  }
}

/**
 * The camera of a page: call `start()` (onMounted does it when `autoStart`), bind `video` to a
 * <video playsinline muted>, and get each decoded text once in `onResult` (the camera is stopped
 * before it is called). A hidden tab stops it; coming back resumes scanning.
 */
export function useQrCamera(onResult: (text: string) => void, options: { autoStart?: boolean } = {}) {
  const video: Ref<HTMLVideoElement | null> = ref(null);
  const camera = ref<CameraState>(options.autoStart === false ? 'stopped' : 'starting');
  let stream: MediaStream | null = null;
  let frame = 0;
  let lastScan = 0;
  let wanted = options.autoStart !== false;

  function release(): void {
    cancelAnimationFrame(frame);
    frame = 0;
    stream?.getTracks().forEach((t) => t.stop());
    stream = null;
    if (video.value) video.value.srcObject = null;
  }

  function stop(): void {
    wanted = false;
    release();
    camera.value = 'stopped';
  }

  function tick(now: number): void {
    frame = requestAnimationFrame(tick);
    const v = video.value;
    if (!v || v.readyState < v.HAVE_ENOUGH_DATA || now - lastScan < SCAN_INTERVAL_MS) return;
    lastScan = now;
    const data = decodeDrawable(v, v.videoWidth, v.videoHeight, FRAME_MAX_SIDE, false);
    if (data !== null) {
      stop();
      onResult(data);
    }
  }

  async function start(): Promise<void> {
    wanted = true;
    if (!navigator.mediaDevices?.getUserMedia || !context()) {
      camera.value = 'unavailable';
      return;
    }
    camera.value = 'starting';
    try {
      const s = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
      stream = s;
      // The page may have been left, or the scan cancelled, while the permission prompt was open.
      if (!video.value || !wanted) {
        release();
        return;
      }
      video.value.srcObject = s;
      await video.value.play();
      camera.value = 'scanning';
      frame = requestAnimationFrame(tick);
    } catch (e) {
      release();
      const name = e instanceof DOMException ? e.name : '';
      camera.value = name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : 'unavailable';
    }
  }

  function onVisibility(): void {
    if (document.hidden && stream) {
      release();
      camera.value = 'stopped';
      wanted = true;
    } else if (!document.hidden && camera.value === 'stopped' && wanted) {
      void start();
    }
  }

  onMounted(() => {
    document.addEventListener('visibilitychange', onVisibility);
    if (options.autoStart !== false) void start();
  });
  onBeforeUnmount(() => {
    document.removeEventListener('visibilitychange', onVisibility);
    wanted = false;
    release();
  });

  return { video, camera, start, stop };
}
