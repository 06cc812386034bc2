/**
 * The pieces every zone's 查询 apps are made of (medical-forms.ts, transport-forms.ts,
 * housing-forms.ts): a 查询 workflow naming a bureau's query operation and how its rows are laid
 * out, the keyword a public list is searched by, and the person a personal query is about — bound
 * to the login (the engine replaces whatever the browser sent for these prefilled fields).
 */
import type { FormField, WorkflowDefinition } from '@dz/contracts';

type Columns = NonNullable<WorkflowDefinition['query']>['columns'];
export type QueryLayout = 'list' | 'card' | 'table';

/** A 查询 workflow: the bureau `partner`'s query `operation`, laid out as `layout` with these columns. */
export function queryWorkflow(partner: string, operation: string, layout: QueryLayout, columns: [key: string, label: string][]): WorkflowDefinition {
  const cols: Columns = columns.map(([key, label]) => ({ key, label }));
  return { kind: 'query', timeLimitDays: 0, steps: [], partner, query: { operation, layout, columns: cols }, document: null };
}

/**
 * The words a catalogue or directory is searched by: what the bureaus accept (letters, digits, the
 * brackets and dots of drug and company names; the bureau module's `keyword` input), checked here
 * first so the citizen is told at once.
 */
export const KEYWORD = { pattern: '^[\\p{L}\\p{N}·（）()\\-. ]{1,30}$', patternMessage: '请填写1至30个汉字、字母或数字', maxLength: 30 } as const;

export const keywordField = (label: string, placeholder: string, required = false): FormField => ({
  key: 'keyword',
  label,
  type: 'text',
  placeholder,
  ...KEYWORD,
  ...(required ? { required: true, help: '最多显示50条' } : { help: '不填则列出全部，最多显示50条' }),
});

export const querySection = (label: string): FormField => ({ key: 'querySection', label, type: 'section' });

/** The person a personal query is about (参保人, 驾驶员, 缴存人 …), prefilled from and bound to the login. */
export const loginPersonFields = (role: string, help: string): FormField[] => [
  { key: 'applicantSection', label: `${role}信息`, type: 'section' },
  { key: 'applicantName', label: `${role}姓名`, type: 'text', required: true, prefill: 'user.name', maxLength: 30, sensitive: true },
  { key: 'applicantIdNumber', label: '公民身份号码', type: 'idNumber', required: true, prefill: 'user.idNumber', sensitive: true, help },
];
