/**
 * /api/openapi.json is what partners and the open platform generate their clients from (issue 8,
 * finding 12): it must lint clean with Redocly's recommended ruleset, every `$ref` must resolve,
 * every operation needs an `operationId` and a `security`, and openapi-typescript must turn it into
 * types. Also: every request field key in it has a Chinese label (finding 6).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import openapiTS, { astToString } from 'openapi-typescript';
import { createTestApp, type TestApp } from '../../test/helpers.js';
import { fieldLabel, labelledKeys } from '../../infra/validation-messages.js';
import { operationIdOf } from '../../infra/openapi.js';

interface Operation {
  operationId?: string;
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema?: unknown }> };
}
interface Doc {
  openapi: string;
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
}

let t: TestApp;
let doc: Doc;
let raw: string;
beforeAll(async () => {
  t = await createTestApp();
  const res = await t.app.inject({ url: '/api/openapi.json' });
  expect(res.statusCode).toBe(200);
  raw = res.body;
  doc = res.json() as Doc;
});
afterAll(async () => {
  await t.close();
});

const operations = () => Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));

/** Every property key of a schema, nested ones included, following component refs once. */
export function schemaKeys(schema: unknown, components: Record<string, unknown>, out = new Set<string>(), seen = new Set<unknown>()): Set<string> {
  if (!schema || typeof schema !== 'object' || seen.has(schema)) return out;
  seen.add(schema);
  const s = schema as Record<string, unknown>;
  if (typeof s.$ref === 'string') return schemaKeys(components[s.$ref.replace('#/components/schemas/', '')], components, out, seen);
  for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, unknown>)) {
    out.add(k);
    schemaKeys(v, components, out, seen);
  }
  for (const k of ['items', 'additionalProperties']) schemaKeys(s[k], components, out, seen);
  for (const k of ['anyOf', 'oneOf', 'allOf']) for (const v of (s[k] as unknown[] | undefined) ?? []) schemaKeys(v, components, out, seen);
  return out;
}

describe('the OpenAPI document', () => {
  it('lints with 0 errors under Redocly’s recommended ruleset', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: raw, absoluteRef: 'file:///openapi.json', config });
    const errors = problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message} @ ${p.location[0]?.pointer ?? ''}`);
    expect(errors).toEqual([]);
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers?.length).toBeGreaterThan(0);
  });

  it('registers shared schemas as components and every $ref resolves to one', () => {
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['SiteNode', 'ErrorBody', 'UserView', 'StaffView']));
    const refs = new Set([...raw.matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!));
    expect(refs.size).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref, ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas[ref.replace('#/components/schemas/', '')], ref).toBeDefined();
    }
    // SiteNode is recursive: its children point back at itself
    expect(JSON.stringify(doc.components.schemas.SiteNode)).toContain('"$ref":"#/components/schemas/SiteNode"');
  });

  it('gives every operation a unique operationId and a security requirement derived from its guard', () => {
    const ids = operations().map(({ op }) => op.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z0-9]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, method, op } of operations()) expect(op.security, `${method} ${path}`).toBeDefined();
    const find = (method: string, path: string) => doc.paths[path]?.[method];
    expect(find('get', '/api/health')?.security).toEqual([]);
    expect(find('get', '/api/me')?.security).toEqual([{ citizen: [] }]);
    expect(find('get', '/api/admin/me')?.security).toEqual([{ staff: [] }]);
    expect(find('post', '/api/admin/auth/login')?.security).toEqual([]);
    expect(find('get', '/api/messages/unread-count')?.security).toEqual([{}, { citizen: [] }]);
    expect(find('get', '/api/sites')?.operationId).toBe('getSites');
    expect(operationIdOf('DELETE', '/api/search/history/:term')).toBe('deleteSearchHistoryByTerm');
    expect(operationIdOf('post', '/api/admin/windows/{id}/slots/generate')).toBe('postAdminWindowsByIdSlotsGenerate');
  });

  it('generates a TypeScript client with openapi-typescript', async () => {
    const ast = await openapiTS(JSON.parse(raw) as never);
    const types = astToString(ast);
    for (const path of ['/api/health', '/api/sites', '/api/auth/login', '/api/water/bills']) expect(types).toContain(`"${path}"`);
    expect(types).toContain('getSites: {');
    expect(types).toContain('SiteNode: {');
  });

  it('has a Chinese label for every request field key', () => {
    const keys = new Set<string>();
    for (const { op } of operations()) {
      for (const p of op.parameters ?? []) keys.add(p.name);
      for (const media of Object.values(op.requestBody?.content ?? {})) schemaKeys(media.schema, doc.components.schemas, keys);
    }
    expect(keys.size).toBeGreaterThan(50);
    const known = new Set(labelledKeys());
    const missing = [...keys].filter((k) => !known.has(k));
    expect(missing, `add these keys to FIELD_NAMES in validation-messages.ts`).toEqual([]);
    for (const k of keys) expect(fieldLabel(k), k).toMatch(/[\u4e00-\u9fff]/);
  });
});
