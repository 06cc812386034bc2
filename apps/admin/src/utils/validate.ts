/**
 * Small checks shared by the content editors. They mirror what the server accepts so an editor sees
 * the problem while typing rather than after pressing 保存; the server remains the authority.
 */

/** An absolute http(s) URL. */
export function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    const u = new URL(value);
    return Boolean(u.host) && !/\s/.test(value);
  } catch {
    return false;
  }
}

/** A path inside the H5 app or the portal's own files, e.g. /zones/gas or /files/banner.svg. */
export function isSitePath(value: string): boolean {
  return /^\/(?!\/)[^\s]*$/.test(value);
}

/** A picture the H5 can show: an http(s) URL, a path on this server, or an inline data: image. */
export function isImageSrc(value: string): boolean {
  if (/^data:image\/(png|jpe?g|gif|webp|svg\+xml)(;[^,]*)?,/i.test(value)) return true;
  return isHttpUrl(value) || isSitePath(value);
}

/**
 * A picture a page block may show. Stricter than isImageSrc, as the page contract is: https only
 * (the H5 is served over https, an http picture would be blocked as mixed content) and the inline
 * formats the H5 renders.
 */
export function isBlockImage(value: string): boolean {
  if (/^data:image\/(svg\+xml|png|jpeg|webp|gif)[;,]/.test(value)) return true;
  return isSitePath(value) || (/^https:\/\//i.test(value) && isHttpUrl(value));
}

/** Where a tap may lead: an H5 route or an external H5 page. */
export function isLink(value: string): boolean {
  return isSitePath(value) || isHttpUrl(value);
}

export const LINK_HINT = '以 / 开头的站内路径（如 /zones/gas），或以 http:// 、https:// 开头的网址';
export const IMAGE_HINT = '图片网址、以 / 开头的站内路径，或 data:image/ 开头的内嵌图片';
export const BLOCK_IMAGE_HINT = 'https:// 开头的图片网址、以 / 开头的站内路径，或 data:image/ 开头的内嵌图片';

/**
 * An el-form rule: required, `min`–`max` characters after trimming (counted as the server counts:
 * by code point), checked on blur and on change, with the count in the message.
 */
export function lengthRule(label: string, min: number, max: number) {
  return {
    validator: (_r: unknown, v: string, cb: (e?: Error) => void) => {
      const n = [...(v ?? '').trim()].length;
      if (n === 0) return cb(new Error(`请填写${label}`));
      if (n < min) return cb(new Error(`${label}至少 ${min} 个字`));
      if (n > max) return cb(new Error(`${label}不能超过 ${max} 个字（现在 ${n} 个）`));
      cb();
    },
    trigger: ['blur', 'change'],
  };
}
