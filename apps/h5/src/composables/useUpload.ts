import type { FileView } from '@dz/contracts';
import { uploadFile } from '../api/files';
import { errorMessage } from '../api/client';

/** What both upload fields keep per file: the picked file (for 重传), its state and its failure reason. */
export interface Uploadable {
  file?: File | null;
  status?: string;
  message?: string;
}

/**
 * Sends one picked file to POST /api/files: `uploading` with progress (0 first), then `onSaved` with the
 * server's copy and `done` (in that order, so a tile never shows `done` without its id), or `failed` with
 * the server's reason in `message` (shown under the tile; the file stays for 重传). True when saved. Both the installation pictures and the engine's materials go through here,
 * so a change to how an upload runs or fails happens once.
 */
export async function sendUpload(item: Uploadable, onProgress: (percent: number) => void, onSaved: (saved: FileView) => void): Promise<boolean> {
  if (!item.file) return false;
  item.status = 'uploading';
  onProgress(0);
  try {
    onSaved(await uploadFile(item.file, onProgress));
    item.status = 'done';
    return true;
  } catch (e) {
    item.status = 'failed';
    item.message = errorMessage(e);
    return false;
  }
}

/** A local preview (URL.createObjectURL) lives until its tile goes: free it then. */
export function releasePreview(url: string | null | undefined): void {
  if (url?.startsWith('blob:')) URL.revokeObjectURL(url);
}
