/**
 * What the typed connectors share. Each checks a partner's answer at run time against a TypeBox
 * schema that mirrors the protocol's interface, so a partner's change of format is a clear 502 in
 * the call that received it, not a crash later in a template, a PDF or a payment.
 */
import type { Static, TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { AppError } from '../../infra/errors.js';

/**
 * Compile-time agreement of a schema's static type with the protocol's interface: use as
 * `const agree: [Agrees<Static<typeof S>, I>, …] = [true, …]` — a shape that drifts breaks the build.
 */
export type Agrees<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;

/** 502 PARTNER_BAD_ANSWER with what was wrong in its details (the log shows them, the user sees `message`). */
export function badAnswer(partner: string, operation: string, problem: string, message: string, path = ''): AppError {
  return new AppError(502, 'PARTNER_BAD_ANSWER', message, { details: { partner, operation, path, problem } });
}

/** The answer typed by `schema`, or 502 PARTNER_BAD_ANSWER naming the first thing that was wrong. */
export function checked<S extends TSchema>(schema: S, value: unknown, partner: string, operation: string, message: string): Static<S> {
  if (Value.Check(schema, value)) return value;
  const first = Value.Errors(schema, value).First();
  throw badAnswer(partner, operation, first?.message ?? 'unexpected answer', message, first?.path ?? '');
}

/** Per call: the site whose 接口管理 configuration applies, the inbound request it serves, its own time budget. */
export interface CallMeta {
  /** Default: the city (the partner client's nearest configured ancestor rule). */
  site?: string;
  requestId?: string;
  /** Default: the endpoint's configured timeout. */
  timeoutMs?: number;
}
