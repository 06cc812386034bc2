/**
 * One place that refuses invisible and dangerous characters in every text input (issue 8, item 7).
 *
 * Staff text (a hall name, a news title) and citizen text are served back to other people, so a
 * string may not carry:
 * - C0 control characters other than tab, line feed and carriage return, and DEL (U+007F): NUL
 *   truncates strings in C libraries and log pipelines, the others have no place in typed text;
 * - bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they reorder
 *   what the reader sees ("Trojan Source", CVE-2021-42574), e.g. to disguise a link or an amount;
 * - unpaired UTF-16 surrogates: not valid Unicode, they break UTF-8 encoders, MySQL's utf8mb4
 *   and every client that re-encodes the text.
 * The request is refused (400 INVALID_CHARACTERS), never silently changed: a password or an
 * account number that is altered on the way in would not match what the user typed.
 *
 * Runs as a preValidation hook over the parsed JSON body, the query and the path parameters —
 * every route, before its schema. Signed partner callbacks are exempt (their body is checked by
 * signature and answered in the partner's envelope).
 */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import { AppError } from './errors.js';
import { fieldLabel } from './validation-messages.js';
import { SIGNED_CALLBACK_PATHS } from './origin-guard.js';

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when the text contains a character this guard refuses. */
export function hasForbiddenCharacters(text: string): boolean {
  return FORBIDDEN.test(text);
}

/** The key of the first string (or object key) with a forbidden character, '' at the top level; null when clean. */
export function findForbidden(value: unknown, key = '', depth = 0): string | null {
  if (typeof value === 'string') return hasForbiddenCharacters(value) ? key : null;
  if (depth > 32 || value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (const item of value) {
      const hit = findForbidden(item, key, depth + 1);
      if (hit !== null) return hit;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value)) {
    if (hasForbiddenCharacters(k)) return key;
    const hit = findForbidden(v, k, depth + 1);
    if (hit !== null) return hit;
  }
  return null;
}

export function invalidCharacters(key: string): AppError {
  const label = fieldLabel(key);
  const message = `${label}包含不允许的字符（控制字符、文字方向控制符或无效字符），请删除后重新输入`;
  return new AppError(400, 'INVALID_CHARACTERS', message, key ? { fields: { [key]: message } } : {});
}

const plugin: FastifyPluginAsync = async (app) => {
  app.addHook('preValidation', async (req) => {
    if (req.routeOptions.config?.signedCallback || SIGNED_CALLBACK_PATHS.includes(req.url.split('?', 1)[0] ?? '')) return;
    for (const part of [req.params, req.query, req.body]) {
      const hit = findForbidden(part);
      if (hit !== null) throw invalidCharacters(hit);
    }
  });
};

export const textGuard = fp(plugin, { name: 'text-guard' });
