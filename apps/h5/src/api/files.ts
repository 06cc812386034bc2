import { UPLOAD_MAX_BYTES, UPLOAD_MIMES, type FileView } from '@dz/contracts';
import { ApiError, NETWORK_MESSAGE, failure } from './client';

/** The server checks the content too; this spares the citizen a useless upload. */
export function imageProblem(file: File): string | null {
  if (!(UPLOAD_MIMES as readonly string[]).includes(file.type)) return '只能上传 JPG、PNG 或 WebP 格式的图片';
  if (file.size > UPLOAD_MAX_BYTES) return `图片不能超过 ${UPLOAD_MAX_BYTES / 1024 / 1024} MB，请压缩后重新上传`;
  return null;
}

/**
 * POST /api/files (multipart, field `file`) → 201 FileView. XMLHttpRequest rather than fetch
 * because only it reports upload progress; failures are the same ApiError as everywhere.
 */
export function uploadFile(file: File, onProgress?: (percent: number) => void): Promise<FileView> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/files');
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(Math.min(99, Math.round((e.loaded / e.total) * 100)));
    };
    xhr.onerror = () => reject(new ApiError({ status: 0, code: 'NETWORK_ERROR', message: NETWORK_MESSAGE }));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      const ok = xhr.status >= 200 && xhr.status < 300;
      if (ok && body && typeof (body as FileView).id === 'string') resolve(body as FileView);
      else if (ok) reject(new ApiError({ status: 503, code: 'BAD_RESPONSE', message: '服务暂时不可用，请稍后重试' }));
      else reject(failure(xhr.status, body, xhr.getResponseHeader('retry-after')));
    };
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
