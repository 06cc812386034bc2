import type { VerifyResult } from '@dz/contracts';
import { http } from './client';

/** POST /api/verify: a 亮证 code, a 不动产登记证书 QR or a document this platform issued. */
export const documentsApi = {
  verify: (qrText: string) => http.post<VerifyResult>('/api/verify', { qrText }),
};

/** History state key under which 扫一扫 hands the decoded text to /verify/result. */
export const VERIFY_STATE_KEY = 'dzQr';
