/**
 * 公交数据: the site's GTFS imports (FeedListResponse) and the upload of a new feed. The upload goes
 * through XMLHttpRequest rather than the fetch client: only XHR reports upload progress, and a
 * 300 MB zip on a slow line needs it. A refused feed (400 GTFS_INVALID) comes back with its
 * problems by file and line, which the page shows as a table.
 */
import { TransitErrorCodes, type FeedImportResponse, type FeedListResponse, type GtfsProblem } from '@dz/contracts';
import { ApiError, buildUrl, http } from './request';

export type { FeedImportResponse, FeedView, GtfsProblem } from '@dz/contracts';
export { FEED_STATUS_NAMES } from '@dz/contracts';

/** 400 GTFS_INVALID: what was wrong (at most 100 listed) and how many in all. */
export class FeedInvalidError extends ApiError {
  readonly problems: GtfsProblem[];
  readonly errorCount: number;
  readonly warnings: GtfsProblem[];
  constructor(status: number, body: { code: string; message: string; details?: { errors?: GtfsProblem[]; errorCount?: number; warnings?: GtfsProblem[] } }) {
    super(status, body);
    this.problems = body.details?.errors ?? [];
    this.errorCount = body.details?.errorCount ?? this.problems.length;
    this.warnings = body.details?.warnings ?? [];
  }
}

export interface UploadProgress {
  /** 0–100 of the bytes sent */
  percent: number;
  /** all bytes sent: the server is now validating and importing */
  sent: boolean;
}

export const transitApi = {
  feeds: (site: string) => http.get<FeedListResponse>('/api/admin/transit/feeds', { site }),

  upload(site: string, file: File, onProgress: (p: UploadProgress) => void): Promise<FeedImportResponse> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', buildUrl('/api/admin/transit/feeds', { site }));
      xhr.withCredentials = true;
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) onProgress({ percent: Math.round((e.loaded / e.total) * 100), sent: false });
      };
      xhr.upload.onload = () => onProgress({ percent: 100, sent: true });
      xhr.onerror = () => reject(new ApiError(0, { code: 'NETWORK_ERROR', message: '无法连接服务器，请检查网络后重试' }));
      xhr.onload = () => {
        let body: unknown = null;
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          // not JSON: a proxy's error page
        }
        if (xhr.status === 201) return resolve(body as FeedImportResponse);
        const err = (body ?? {}) as { code?: string; message?: string; details?: { errors?: GtfsProblem[] } };
        if (xhr.status === 400 && err.code === TransitErrorCodes.GTFS_INVALID) return reject(new FeedInvalidError(400, { code: err.code, message: err.message ?? '', details: err.details }));
        if (xhr.status === 413) return reject(new ApiError(413, { code: 'PAYLOAD_TOO_LARGE', message: err.message ?? 'GTFS 压缩包不能超过 300MB' }));
        reject(new ApiError(xhr.status, typeof err.message === 'string' ? { code: err.code ?? `HTTP_${xhr.status}`, message: err.message } : { code: `HTTP_${xhr.status}`, message: `上传失败（HTTP ${xhr.status}），请稍后重试` }));
      };
      const form = new FormData();
      form.append('file', file, file.name);
      xhr.send(form);
    });
  },
};
