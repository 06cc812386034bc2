import { ElMessageBox } from 'element-plus';

export interface ConfirmOptions {
  title: string;
  message: string;
  confirmText: string;
  /** Destructive actions get a red confirm button. */
  danger?: boolean;
}

/**
 * ElMessageBox.confirm with Chinese buttons (message boxes live outside the app's locale provider).
 * Resolves true when confirmed, false when cancelled or closed.
 */
export async function confirmAction(opts: ConfirmOptions): Promise<boolean> {
  try {
    await ElMessageBox.confirm(opts.message, opts.title, {
      type: opts.danger ? 'warning' : 'info',
      confirmButtonText: opts.confirmText,
      cancelButtonText: '取消',
      confirmButtonClass: opts.danger ? 'el-button--danger' : '',
      autofocus: false,
      closeOnClickModal: false,
      distinguishCancelAndClose: false,
    });
    return true;
  } catch {
    return false;
  }
}
