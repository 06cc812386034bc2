/**
 * 文件中心: the site's public pictures and PDFs (实景图, 政策附件). The upload goes through
 * XMLHttpRequest like 公交数据's, so a large picture on a slow line shows its progress; the session
 * cookie goes along (same origin), nothing else is needed (the server refuses other origins).
 */
import type { PublicFileView } from '@dz/contracts';
import { ApiError, buildUrl, http } from './request';

export type { PublicFileView } from '@dz/contracts';

export interface PublicFileList {
  items: PublicFileView[];
  total: number;
}
export type PublicFileKind = 'image' | 'pdf';

const BASE = '/api/admin/files';
/** The server's limit (contracts UPLOAD_MAX_BYTES), checked before sending so nobody waits for a refusal. */
export const FILE_MAX_BYTES = 5 * 1024 * 1024;
export const FILE_ACCEPT = 'image/jpeg,image/png,image/webp,application/pdf,.jpg,.jpeg,.png,.webp,.pdf';

export const isImage = (f: Pick<PublicFileView, 'mime'>) => f.mime.startsWith('image/');

/** What the picker checks before uploading; the server still decides by the content. */
export function checkLocalFile(file: File, kinds: PublicFileKind[] = ['image', 'pdf']): string | null {
  if (file.size === 0) return '文件是空的，请重新选择';
  if (file.size > FILE_MAX_BYTES) return `“${file.name}”超过 5MB，请压缩后重新上传`;
  const ext = /\.(jpe?g|png|webp|pdf)$/i.exec(file.name)?.[1]?.toLowerCase();
  const okImage = kinds.includes('image') && ext !== undefined && ext !== 'pdf';
  const okPdf = kinds.includes('pdf') && ext === 'pdf';
  if (!okImage && !okPdf) return kinds.includes('pdf') ? '仅支持 JPG、PNG、WebP 图片或 PDF 文件' : '仅支持 JPG、PNG、WebP 图片';
  return null;
}

export const fileCentreApi = {
  list: (q: { site: string; q?: string; kind?: PublicFileKind | ''; page?: number; pageSize?: number }) => http.get<PublicFileList>(BASE, q),
  remove: (id: string) => http.delete<void>(`${BASE}/${encodeURIComponent(id)}`),

  upload(site: string, file: File, onProgress?: (percent: number) => void): Promise<PublicFileView> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', buildUrl(BASE, { site }));
      xhr.withCredentials = true;
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) onProgress?.(Math.round((e.loaded / e.total) * 100));
      };
      xhr.onerror = () => reject(new ApiError(0, { code: 'NETWORK_ERROR', message: '无法连接服务器，请检查网络后重试' }));
      xhr.onload = () => {
        let body: unknown = null;
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          // not JSON: a proxy's error page
        }
        if (xhr.status === 201) return resolve(body as PublicFileView);
        const err = (body ?? {}) as { code?: string; message?: string };
        if (xhr.status === 413) return reject(new ApiError(413, { code: 'PAYLOAD_TOO_LARGE', message: '文件不能超过5MB，请压缩后重新上传' }));
        reject(
          new ApiError(
            xhr.status,
            typeof err.message === 'string' ? { code: err.code ?? `HTTP_${xhr.status}`, message: err.message } : { code: `HTTP_${xhr.status}`, message: `上传失败（HTTP ${xhr.status}），请稍后重试` },
          ),
        );
      };
      const form = new FormData();
      form.append('file', file, file.name);
      xhr.send(form);
    });
  },
};
