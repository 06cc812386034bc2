import { ref } from 'vue';
import { showConfirmDialog } from 'vant';
import { usePrefsStore } from '../stores/prefs';

export interface ConfirmOptions {
  title: string;
  message: string;
  confirmText?: string;
  danger?: boolean;
}

export interface PendingConfirm extends ConfirmOptions {
  resolve: (ok: boolean) => void;
}

/**
 * Asks before a destructive step. Standard mode uses a dialog; 长辈版 has no pop-ups
 * (MIIT 2021 适老化), so the same question appears inline under the button via <InlineConfirm>.
 * The confirm button reads 确定 in both.
 */
export function useConfirm() {
  const prefs = usePrefsStore();
  const pending = ref<PendingConfirm | null>(null);

  async function confirm(opts: ConfirmOptions): Promise<boolean> {
    if (!prefs.elder) {
      try {
        await showConfirmDialog({
          title: opts.title,
          message: opts.message,
          confirmButtonText: opts.confirmText ?? '确定',
          cancelButtonText: '取消',
          confirmButtonColor: opts.danger ? 'var(--van-danger-color)' : 'var(--dz-primary)',
        });
        return true;
      } catch {
        return false;
      }
    }
    pending.value?.resolve(false);
    return new Promise<boolean>((resolve) => {
      pending.value = { ...opts, resolve };
    });
  }

  function answer(ok: boolean): void {
    const p = pending.value;
    pending.value = null;
    p?.resolve(ok);
  }

  return { confirm, pending, answer };
}
