/**
 * The form designer's working copy: contracts FormField plus a stable `_uid` per field, so dragging
 * and selecting survive renaming a field's key. `_uid` never leaves the console (toFields strips it).
 */
import { FIELD_TYPE_NAMES, type FieldType, type FormField } from '@dz/contracts';

export type EditField = Omit<FormField, 'fields'> & { _uid: string; fields?: EditField[] };

let seq = 0;
const uid = () => `f${Date.now().toString(36)}${(seq++).toString(36)}`;

export const FIELD_TYPES_ORDER = Object.keys(FIELD_TYPE_NAMES) as FieldType[];
/** Types a group's row may hold (no nested groups, no headings inside a row). */
export const GROUP_CHILD_TYPES: FieldType[] = FIELD_TYPES_ORDER.filter((t) => t !== 'group' && t !== 'section');

export const HAS_OPTIONS: FieldType[] = ['select', 'radio', 'checkbox'];
export const IS_MATERIAL: FieldType[] = ['image', 'file'];
export const IS_TEXT: FieldType[] = ['text', 'textarea', 'phone', 'idNumber', 'creditCode', 'email'];
/** Types with no value of their own to compare in a condition. */
export const NO_VALUE: FieldType[] = ['section', 'group', 'image', 'file'];

/** A key not yet used in the form: `text1`, `text2` … */
export function freshKey(type: FieldType, taken: Set<string>): string {
  const base = type.replace(/[^A-Za-z]/g, '') || 'field';
  for (let i = 1; ; i++) {
    const k = `${base}${i}`;
    if (!taken.has(k)) return k;
  }
}

export function allKeys(fields: EditField[]): Set<string> {
  const s = new Set<string>();
  for (const f of fields) {
    s.add(f.key);
    for (const c of f.fields ?? []) s.add(c.key);
  }
  return s;
}

export function createField(type: FieldType, taken: Set<string>): EditField {
  const f: EditField = { _uid: uid(), key: freshKey(type, taken), label: FIELD_TYPE_NAMES[type], type };
  if (type !== 'section') f.required = false;
  if (HAS_OPTIONS.includes(type))
    f.options = [
      { value: 'a', label: '选项一' },
      { value: 'b', label: '选项二' },
    ];
  if (type === 'image') Object.assign(f, { accept: 'image', max: 3, maxSizeKb: 5120 });
  if (type === 'file') Object.assign(f, { accept: 'image+pdf', max: 3, maxSizeKb: 10240 });
  if (type === 'group') {
    const childTaken = new Set([...taken, f.key]);
    f.fields = [{ _uid: uid(), key: freshKey('text', childTaken), label: '姓名', type: 'text', required: true }];
    f.minItems = 0;
    f.maxItems = 10;
  }
  return f;
}

export function fromFields(list: FormField[]): EditField[] {
  return list.map((f) => ({ ...f, _uid: uid(), fields: f.fields ? fromFields(f.fields) : undefined }));
}

const EMPTY = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** Back to contracts FormField: no `_uid`, no empty optional properties (the schema is strict). */
export function toFields(list: EditField[]): FormField[] {
  return list.map((f) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(f)) {
      if (k === '_uid' || EMPTY(v)) continue;
      if (k === 'fields') {
        if (f.type === 'group') out.fields = toFields(v as EditField[]);
        continue;
      }
      if (k === 'showIf' && v && typeof v === 'object' && !(v as { key?: string }).key && !(v as { any?: unknown[] }).any?.length) continue;
      out[k] = v;
    }
    if (f.type === 'group' && !out.fields) out.fields = [];
    return out as unknown as FormField;
  });
}
