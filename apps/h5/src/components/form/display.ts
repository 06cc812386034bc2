import type { FormField } from '@dz/contracts';
import { regionName } from './regions';

/** A value as the citizen reads it (review step, case detail): option labels, not their codes. */
export function displayValue(f: FormField, v: unknown): string {
  if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) return '';
  const label = (x: unknown) => f.options?.find((o) => o.value === String(x))?.label ?? String(x);
  switch (f.type) {
    case 'select':
    case 'radio':
      return label(v);
    case 'checkbox':
      return Array.isArray(v) ? v.map(label).join('、') : label(v);
    case 'region':
      return regionName(String(v));
    default:
      return Array.isArray(v) ? v.map(String).join('、') : typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
}

/** The file ids of an image / file field's value (anything else is ignored). */
export function fileIds(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** The date range a `date` field's picker offers: min / max are day offsets from today. */
export function dateRange(f: FormField): { min: Date; max: Date } {
  // Today in 达州 (UTC+8, no daylight saving), whatever the phone's time zone says, so the
  // picker's range is the same days the server's check allows.
  const cn = new Date(Date.now() + 8 * 3_600_000);
  const at = (offset: number) => new Date(cn.getUTCFullYear(), cn.getUTCMonth(), cn.getUTCDate() + offset);
  return { min: at(f.min ?? -36500), max: at(f.max ?? 3650) };
}

/**
 * The data with every visible group that has no rows yet given as many empty rows as it needs
 * (its minimum): a required 父母信息 opens ready to fill instead of behind an 添加 button.
 * Returns the same object when nothing is missing.
 */
export function withGroupRows(fields: FormField[], data: Record<string, unknown>): Record<string, unknown> {
  let out = data;
  for (const f of fields) {
    if (f.type !== 'group' || data[f.key] !== undefined) continue;
    const min = f.minItems ?? (f.required ? 1 : 0);
    if (min > 0) out = { ...out, [f.key]: Array.from({ length: min }, () => ({})) };
  }
  return out;
}
