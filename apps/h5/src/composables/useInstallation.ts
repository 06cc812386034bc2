import { computed, nextTick, reactive, ref, shallowRef, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import type { UploaderFileListItem } from 'vant';
import {
  ATTACHMENT_KINDS,
  INSTALL_TYPE_NAMES,
  type ApplicationDetail,
  type AttachmentKind,
  type AttachmentRef,
  type InstallationRequest,
  type InstallType,
} from '@dz/contracts';
import { applicationsApi, installPath, keptDraftId } from '../api/applications';
import { ApiError, errorMessage } from '../api/client';
import { useSiteStore } from '../stores/site';
import { useConfirm } from './useConfirm';
import { useFormErrors } from './useFormErrors';

/** A picture of an application: uploading, failed, or saved on the server as `fileId`. */
export interface UploadImage extends UploaderFileListItem {
  key: string;
  fileId?: string;
}

export interface AttachmentSpec {
  kind: AttachmentKind;
  max: number;
  required: boolean;
}

/** The pictures of an application, one list per kind, and what they add up to for the request. */
export function useAttachments(specs: AttachmentSpec[]) {
  const lists = reactive(Object.fromEntries(specs.map((s) => [s.kind, [] as UploadImage[]]))) as Record<AttachmentKind, UploadImage[]>;
  const all = computed(() => specs.flatMap((s) => lists[s.kind]));
  const busy = computed(() => all.value.some((i) => i.status === 'uploading'));
  const failed = computed(() => all.value.some((i) => i.status === 'failed'));
  const saved = (i: UploadImage): i is UploadImage & { fileId: string } => i.status === 'done' && typeof i.fileId === 'string';
  const missing = computed<Record<string, string>>(() =>
    Object.fromEntries(specs.filter((s) => s.required && !lists[s.kind].some(saved)).map((s) => [s.kind, `请上传${ATTACHMENT_KINDS[s.kind]}`])),
  );

  function refs(): AttachmentRef[] {
    return specs.flatMap((s) => lists[s.kind].filter(saved).map((i) => ({ kind: s.kind, fileId: i.fileId })));
  }

  /** A draft's pictures, previewed from the addresses the application detail gives. */
  function fill(kept: { kind: string; fileId: string }[], shown: ApplicationDetail['attachments']): void {
    for (const s of specs) {
      lists[s.kind] = kept
        .filter((r) => r.kind === s.kind)
        .slice(0, s.max)
        .map((r) => ({ key: r.fileId, fileId: r.fileId, url: shown.find((a) => a.fileId === r.fileId)?.url ?? '', status: 'done', message: '', isImage: true }));
    }
  }

  return { specs, lists, busy, failed, missing, refs, fill };
}

/** Only a value the server did not mask (no *) may prefill an input. */
export function unmasked(v: string | null | undefined): string {
  return v && !v.includes('*') ? v : '';
}

interface InstallationOptions<F extends object> {
  /** The installation types this page files (a draft of another type opens its own page). */
  types: InstallType[];
  model: F;
  check: (form: F) => Record<string, string>;
  attachments: ReturnType<typeof useAttachments>;
  /** type + form of the request; attachments, draftId and site are added here. */
  payload: () => Pick<InstallationRequest, 'type' | 'form'>;
  /** A draft was loaded: its type, for pages that file more than one. */
  onDraft?: (detail: ApplicationDetail) => void;
}

/**
 * What 在线报装 and 燃气报装 share: errors shown once a field was visited (or on 提交), the server's
 * per-field answers under the fields, `?draft=<id>` to edit and resubmit a kept draft, and the
 * submission with its outcomes — submitted (办件编号), kept as a draft because the company's
 * system is down (503 with details.applicationId), real-name required, or refused.
 */
export function useInstallation<F extends object>(opts: InstallationOptions<F>) {
  const route = useRoute();
  const router = useRouter();
  const site = useSiteStore();
  const { model, attachments } = opts;

  const errors = useFormErrors(model);
  const touched = reactive<Record<string, boolean>>({});
  const submitted = ref(false);
  const clientErrors = computed(() => opts.check(model));

  function touch(key: string): void {
    touched[key] = true;
  }
  function fieldError(key: string): string {
    return errors.fields[key] || (touched[key] || submitted.value ? (clientErrors.value[key] ?? '') : '');
  }
  function attachmentError(kind: AttachmentKind): string {
    return submitted.value ? (attachments.missing.value[kind] ?? '') : '';
  }

  // ---- ?draft=<id>
  const draftId = ref<number | null>(null);
  const draftLoading = ref(false);
  const draftError = ref('');
  /** Set when the application asked for cannot be edited any more (submitted meanwhile). */
  const notEditable = shallowRef<ApplicationDetail | null>(null);
  const requestedDraft = computed(() => {
    const n = Number(route.query.draft);
    return Number.isInteger(n) && n > 0 ? n : null;
  });

  async function loadDraft(): Promise<void> {
    const id = requestedDraft.value;
    if (!id) return;
    draftLoading.value = true;
    draftError.value = '';
    notEditable.value = null;
    try {
      const detail = await applicationsApi.get(id);
      if (!opts.types.includes(detail.type)) {
        await router.replace(installPath(detail.type, id));
        return;
      }
      if (detail.status !== 'draft' || !detail.draft) {
        notEditable.value = detail;
        return;
      }
      const form = (detail.draft.form ?? {}) as Record<string, unknown>;
      const target = model as Record<string, unknown>;
      for (const key of Object.keys(target)) if (typeof form[key] === 'string') target[key] = form[key];
      attachments.fill(Array.isArray(detail.draft.attachments) ? detail.draft.attachments : [], detail.attachments ?? []);
      opts.onDraft?.(detail);
      draftId.value = id;
      await nextTick();
      errors.clear();
    } catch (e) {
      draftError.value = errorMessage(e);
    } finally {
      draftLoading.value = false;
    }
  }
  watch(requestedDraft, () => void loadDraft(), { immediate: true });

  // ---- submission
  const { confirm, pending, answer } = useConfirm();
  const submitting = ref(false);
  const result = shallowRef<ApplicationDetail | null>(null);
  const kept = ref<{ id: number; message: string } | null>(null);
  const needRealName = ref(false);

  async function focusFirstError(): Promise<void> {
    await nextTick();
    const first = document.querySelector('.van-field--error, [data-upload-error]');
    first?.scrollIntoView({ block: 'center' });
    first?.querySelector<HTMLElement>('input, textarea, button')?.focus({ preventScroll: true });
  }

  async function submit(): Promise<void> {
    if (submitting.value) return;
    submitted.value = true;
    kept.value = null;
    needRealName.value = false;
    errors.form.value = '';
    if (Object.keys(clientErrors.value).length > 0 || Object.keys(attachments.missing.value).length > 0) {
      errors.form.value = '请按提示修改标红的内容后再提交';
      await focusFirstError();
      return;
    }
    if (attachments.busy.value) {
      errors.form.value = '图片还在上传，请等上传完成后再提交';
      return;
    }
    if (attachments.failed.value) {
      errors.form.value = '有图片上传失败，请重新上传或删除后再提交';
      return;
    }
    const { type, form } = opts.payload();
    const ok = await confirm({ title: '提交申请', message: `确认提交${INSTALL_TYPE_NAMES[type]}申请吗？提交后将转交相关单位受理，可在“我的办件”查看进度。`, confirmText: '确认提交' });
    if (!ok) return;
    submitting.value = true;
    try {
      const trimmed = Object.fromEntries(Object.entries(form).map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v]));
      const body = { type, form: trimmed, attachments: attachments.refs(), site: site.current.code, ...(draftId.value ? { draftId: draftId.value } : {}) } as InstallationRequest;
      result.value = await applicationsApi.install(body);
      window.scrollTo({ top: 0 });
    } catch (e) {
      const keptId = keptDraftId(e);
      if (keptId) {
        // Saved as a draft: a second 提交 from this page resubmits that draft, not a new one.
        draftId.value = keptId;
        kept.value = { id: keptId, message: errorMessage(e) };
      } else if (e instanceof ApiError && e.code === 'REALNAME_REQUIRED') {
        errors.clear();
        needRealName.value = true;
        errors.form.value = e.message;
      } else {
        errors.apply(e);
      }
    } finally {
      submitting.value = false;
    }
  }

  return {
    errors,
    touch,
    fieldError,
    attachmentError,
    draftId,
    draftLoading,
    draftError,
    notEditable,
    requestedDraft,
    loadDraft,
    submitting,
    submit,
    result,
    kept,
    needRealName,
    pending,
    answer,
  };
}

export type Attachments = ReturnType<typeof useAttachments>;
export type Installation = ReturnType<typeof useInstallation<object>>;
