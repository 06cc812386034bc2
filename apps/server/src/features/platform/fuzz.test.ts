/**
 * Schema-driven fuzz test (issue 8, finding 6): for every operation of /api/openapi.json, a few
 * malformed requests — garbage JSON, a content type we do not take, a body missing its required
 * fields, wrong types, over-long strings, values outside an enum, bad path parameters, bad query
 * values — sent logged out, and for the operations behind a guard also as a logged-in citizen or
 * staff member. Whatever layer rejects them, the answer must be no 5xx, and every 4xx must be
 * `{ code, message }` with one of our UPPER_SNAKE codes and a Chinese message that names no raw
 * field key of the operation. Bounded: ≤ 8 requests per operation and identity.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { createTestApp, type TestApp } from '../../test/helpers.js';
import { registerPerson } from '../auth/test-kit.js';
import { setupAdmin } from '../admin-auth/test-support.js';

type Schema = Record<string, unknown> & {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  $ref?: string;
};
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  operationId: string;
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
}
interface Doc {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

let t: TestApp;
let doc: Doc;
let citizenCookie: string;
let staffCookie: string;
beforeAll(async () => {
  t = await createTestApp();
  doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as Doc;
  citizenCookie = (await registerPerson(t.app)).cookie;
  staffCookie = (await setupAdmin(t)).cookie;
});
afterAll(async () => {
  await t.close();
});

const deref = (s: Schema | undefined): Schema | undefined => (s?.$ref ? doc.components.schemas[s.$ref.replace('#/components/schemas/', '')] : s);

/** A value the schema probably accepts, so that one malformed field is the one rejected. */
function sample(raw: Schema | undefined): unknown {
  const s = deref(raw);
  if (!s) return 'a';
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  if (s.anyOf) return sample(s.anyOf.find((b) => b.type !== 'null') ?? s.anyOf[0]);
  switch (s.type) {
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, sample(v)]));
    default: {
      const p = s.pattern ?? '';
      if (p === '^\\d{4}-\\d{2}-\\d{2}$') return '2026-01-31';
      if (p.includes(':[0-5]\\d')) return '09:30';
      if (p === '^1[3-9]\\d{9}$') return '13800000000';
      const digits = /^\^\\d\{(\d+)/.exec(p);
      if (digits) return '5'.repeat(Number(digits[1]));
      return 'abc'.padEnd(s.minLength ?? 3, 'c');
    }
  }
}

/** A value of the wrong JSON type for the schema. */
function wrongType(raw: Schema | undefined): unknown {
  const s = deref(raw);
  const type = s?.type ?? s?.anyOf?.find((b) => b.type !== 'null')?.type;
  if (type === 'string') return { nested: true };
  if (type === 'array' || type === 'object') return 'not-a-list';
  return 'abc';
}

const bodySchemaOf = (op: Operation): Schema | undefined => deref(op.requestBody?.content['application/json']?.schema);

/** The raw keys a message must not show: every parameter and body property of the operation. */
function keysOf(op: Operation): string[] {
  const keys = new Set((op.parameters ?? []).map((p) => p.name));
  const walk = (raw: Schema | undefined, depth: number) => {
    const s = deref(raw);
    if (!s || depth > 4) return;
    for (const [k, v] of Object.entries(s.properties ?? {})) {
      keys.add(k);
      walk(v, depth + 1);
    }
    walk(s.items, depth + 1);
    for (const b of s.anyOf ?? []) walk(b, depth + 1);
  };
  walk(bodySchemaOf(op), 0);
  return [...keys];
}

function urlOf(path: string, op: Operation, pathValue: (p: Parameter) => string, query: Record<string, unknown> = {}): string {
  let url = path;
  for (const p of (op.parameters ?? []).filter((x) => x.in === 'path')) url = url.replace(`{${p.name}}`, pathValue(p));
  const qs = Object.entries(query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v))}`)
    .join('&');
  return qs ? `${url}?${qs}` : url;
}

/** The malformed requests for one operation (≤ 8). */
function malformed(path: string, method: string, op: Operation): { what: string; req: InjectOptions }[] {
  const M = method.toUpperCase() as InjectOptions['method'];
  const good = (p: Parameter) => encodeURIComponent(String(sample(p.schema)));
  const requiredQuery = Object.fromEntries((op.parameters ?? []).filter((p) => p.in === 'query' && p.required).map((p) => [p.name, sample(p.schema)]));
  const url = urlOf(path, op, good, requiredQuery);
  const out: { what: string; req: InjectOptions }[] = [];
  const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path');
  if (pathParams.length) {
    out.push({ what: 'bad path parameter', req: { method: M, url: urlOf(path, op, () => '-1', requiredQuery) } });
    out.push({ what: 'over-long path parameter', req: { method: M, url: urlOf(path, op, () => 'x'.repeat(300), requiredQuery) } });
    out.push({ what: 'undecodable path parameter', req: { method: M, url: urlOf(path, op, () => '%E0%A4%A', requiredQuery) } });
  }
  const queryParams = (op.parameters ?? []).filter((p) => p.in === 'query');
  if (queryParams.length) {
    out.push({ what: 'wrong query types', req: { method: M, url: urlOf(path, op, good, Object.fromEntries(queryParams.map((p) => [p.name, wrongType(p.schema)]))) } });
    out.push({ what: 'over-long query values', req: { method: M, url: urlOf(path, op, good, Object.fromEntries(queryParams.map((p) => [p.name, 'x'.repeat(600)]))) } });
  }
  const body = bodySchemaOf(op);
  if (op.requestBody || ['POST', 'PUT', 'PATCH'].includes(M as string)) {
    out.push({ what: 'garbage JSON', req: { method: M, url, headers: { 'content-type': 'application/json' }, payload: '{"a": ' } });
    out.push({ what: 'unsupported content type', req: { method: M, url, headers: { 'content-type': 'application/xml' }, payload: '<a/>' } });
  }
  if (body?.type === 'object' && body.properties) {
    const props = Object.entries(body.properties);
    const base = Object.fromEntries(props.map(([k, v]) => [k, sample(v)]));
    if (body.required?.length) out.push({ what: 'missing required fields', req: { method: M, url, payload: {} } });
    out.push({ what: 'wrong types', req: { method: M, url, payload: Object.fromEntries(props.map(([k, v]) => [k, wrongType(v)])) } });
    const strings = props.filter(([, v]) => sample(v) === 'abc' || typeof sample(v) === 'string');
    if (strings.length) out.push({ what: 'over-long strings', req: { method: M, url, payload: { ...base, ...Object.fromEntries(strings.map(([k]) => [k, 'x'.repeat(5000)])) } } });
    const enums = props.filter(([, v]) => deref(v)?.anyOf?.some((b) => b.const !== undefined || b.enum) || deref(v)?.enum);
    if (enums.length) out.push({ what: 'bad enum', req: { method: M, url, payload: { ...base, ...Object.fromEntries(enums.map(([k]) => [k, 'zz-not-an-option'])) } } });
  }
  return out.slice(0, 8);
}

const rawKey = (message: string, keys: string[]) => keys.find((k) => new RegExp(`(?<![A-Za-z0-9_])${k}(?![A-Za-z0-9_])`).test(message));

async function fuzz(identity: 'anonymous' | 'citizen' | 'staff'): Promise<{ sent: number; problems: string[] }> {
  const problems: string[] = [];
  let sent = 0;
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const scheme = (op.security ?? []).flatMap((r) => Object.keys(r));
      if (identity === 'citizen' && !scheme.includes('citizen')) continue;
      if (identity === 'staff' && !scheme.includes('staff')) continue;
      // Ending the session would log the rest of the run out.
      if (identity !== 'anonymous' && /logout/.test(path)) continue;
      const cookie = identity === 'citizen' ? citizenCookie : identity === 'staff' ? staffCookie : undefined;
      const keys = keysOf(op);
      for (const { what, req } of malformed(path, method, op)) {
        const res = await t.app.inject({ ...req, headers: { ...(req.headers ?? {}), ...(cookie ? { cookie } : {}) } });
        sent += 1;
        const where = `[${identity}] ${method.toUpperCase()} ${path} (${what}) → ${res.statusCode}`;
        if (res.statusCode >= 500) {
          problems.push(`${where}: ${res.body.slice(0, 200)}`);
          continue;
        }
        if (res.statusCode < 400) continue;
        let body: { code?: unknown; message?: unknown };
        try {
          body = res.json();
        } catch {
          problems.push(`${where}: not JSON: ${res.body.slice(0, 120)}`);
          continue;
        }
        const { code, message } = body;
        if (typeof code !== 'string' || !/^[A-Z][A-Z0-9_]+$/.test(code) || code.startsWith('FST_')) problems.push(`${where}: code ${String(code)}`);
        if (typeof message !== 'string' || !/[\u4e00-\u9fff]/.test(message)) problems.push(`${where}: message not Chinese: ${String(message)}`);
        else {
          const leaked = rawKey(message, keys);
          if (leaked) problems.push(`${where}: message names the raw key "${leaked}": ${message}`);
        }
      }
    }
  }
  return { sent, problems };
}

describe('schema-driven fuzz of every operation', () => {
  it('logged out: no 5xx, every 4xx is { code, message } in Chinese without raw field keys', async () => {
    const { sent, problems } = await fuzz('anonymous');
    expect(sent).toBeGreaterThan(300);
    expect(problems).toEqual([]);
  }, 120_000);

  it('as a logged-in citizen, on the citizen operations', async () => {
    const { sent, problems } = await fuzz('citizen');
    expect(sent).toBeGreaterThan(50);
    expect(problems).toEqual([]);
  }, 120_000);

  it('as a logged-in staff member, on the console operations', async () => {
    const { sent, problems } = await fuzz('staff');
    expect(sent).toBeGreaterThan(150);
    expect(problems).toEqual([]);
  }, 120_000);
});
