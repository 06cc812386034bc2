import type { FormData } from '@dz/contracts';
import { STORAGE_KEYS, readJson, removeKey, writeJson } from '../utils/storage';

/**
 * The local copy of a form being filled, per form code and user (`dz.draft.form.<code>.<userId>`),
 * so a closed tab or a lost network costs nothing. Not a cache of published content: 设置 → 清除缓存
 * removes it like any other `dz.` key, and a submission removes it at once.
 */
export const FORM_DRAFT_PREFIX = STORAGE_KEYS.formDraftPrefix;

export interface LocalDraft {
  version: number;
  data: FormData;
  savedAt: string;
  /** The server draft (POST /api/cases with draft: true) this copy belongs to. */
  draftId: number | null;
}

export function useFormDraft(code: () => string, userId: () => number | null | undefined) {
  const key = () => `${FORM_DRAFT_PREFIX}${code()}.${userId() ?? 'anon'}`;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function read(): LocalDraft | null {
    const d = readJson<LocalDraft | null>(key(), null);
    return d && typeof d === 'object' && d.data && typeof d.data === 'object' ? d : null;
  }
  /** Written half a second after the last keystroke. */
  function save(draft: Omit<LocalDraft, 'savedAt'>): void {
    clearTimeout(timer);
    const k = key();
    timer = setTimeout(() => writeJson(k, { ...draft, savedAt: new Date().toISOString() }), 500);
  }
  function clear(): void {
    clearTimeout(timer);
    removeKey(key());
  }
  return { read, save, clear };
}
