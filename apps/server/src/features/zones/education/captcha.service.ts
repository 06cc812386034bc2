/**
 * 图形验证码 of the 中考成绩查询 (issue 15): four characters drawn by svg-captcha, plus — because
 * DOMAIN.md wants every image captcha to have an alternative for who cannot read it — a simple
 * arithmetic question in Chinese whose answer is accepted instead of the image's text.
 *
 * Kept in the shared key-value store (Redis when configured, so any instance can check it) under
 * a random id for five minutes. Single use: the first check of an id burns it, right or wrong, so a
 * captcha cannot be replayed against many triples. `setIfAbsent` on a marker makes that first
 * check atomic even when two requests race with the same id.
 */
import { randomBytes, randomInt } from 'node:crypto';
import svgCaptcha from 'svg-captcha';
import { CultureErrorCodes, type CaptchaResponse } from '@dz/contracts';
import type { KeyValueStore } from '../../../infra/kv.js';
import { AppError } from '../../../infra/errors.js';

export const CAPTCHA_TTL_MS = 5 * 60_000;
/** No 0/O, 1/I/l: the characters a citizen could read two ways (case is ignored on checking). */
export const CAPTCHA_CHARS = 'ABCDEFGHJKMNPQRSTUVWXY3456789';
const CAPTCHA_SIZE = 4;
const key = (id: string) => `captcha:${id}`;
const usedKey = (id: string) => `captcha:used:${id}`;
const ID = /^[A-Za-z0-9_-]{16,64}$/;

export const captchaInvalid = () => new AppError(400, CultureErrorCodes.CAPTCHA_INVALID, '验证码错误或已失效，请点击图片换一张后重新输入');

interface Stored {
  text: string;
  answer: string;
}

/** The question and its answer: two one-digit numbers, added (or the smaller taken from the larger). */
export function arithmeticQuestion(): { prompt: string; answer: string } {
  const a = randomInt(2, 10);
  const b = randomInt(1, 10);
  if (randomInt(0, 2) === 0 || a === b) return { prompt: `${a} 加 ${b} 等于几？请填写数字`, answer: String(a + b) };
  const [hi, lo] = a > b ? [a, b] : [b, a];
  return { prompt: `${hi} 减 ${lo} 等于几？请填写数字`, answer: String(hi - lo) };
}

export class CaptchaService {
  constructor(private readonly kv: KeyValueStore) {}

  async create(): Promise<CaptchaResponse> {
    const drawn = svgCaptcha.create({ size: CAPTCHA_SIZE, charPreset: CAPTCHA_CHARS, noise: 2, color: true, background: '#f4f6fa', width: 120, height: 44, fontSize: 48 });
    const question = arithmeticQuestion();
    const captchaId = randomBytes(18).toString('base64url');
    const stored: Stored = { text: drawn.text, answer: question.answer };
    await this.kv.set(key(captchaId), JSON.stringify(stored), CAPTCHA_TTL_MS);
    return {
      captchaId,
      image: `data:image/svg+xml;base64,${Buffer.from(drawn.data).toString('base64')}`,
      alternative: { kind: 'question', prompt: question.prompt },
      expiresInSeconds: CAPTCHA_TTL_MS / 1000,
    };
  }

  /** The dev tool's view (embedded profile, loopback only): does not use the captcha up. */
  async peek(captchaId: string): Promise<Stored | null> {
    if (!ID.test(captchaId)) return null;
    const raw = await this.kv.get(key(captchaId));
    return raw ? (JSON.parse(raw) as Stored) : null;
  }

  /**
   * Checks and burns the captcha: true when `input` is the image's text (any case) or the
   * question's answer. An unknown, expired or already checked id is false.
   */
  async consume(captchaId: string, input: string): Promise<boolean> {
    if (!ID.test(captchaId)) return false;
    if (!(await this.kv.setIfAbsent(usedKey(captchaId), '1', CAPTCHA_TTL_MS))) return false;
    const raw = await this.kv.get(key(captchaId));
    await this.kv.del(key(captchaId));
    if (!raw) return false;
    const stored = JSON.parse(raw) as Stored;
    const given = input.normalize('NFKC').trim().toUpperCase();
    return given === stored.text.toUpperCase() || given === stored.answer;
  }
}
