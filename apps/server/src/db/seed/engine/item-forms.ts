/**
 * 在线办事 for every catalogue item that offers it on this platform (online, no onlineUrl): a form
 * derived from the item's guide — the applicant, a 申请事项说明, one upload per material, required
 * as the guide says — and the generic staff workflow 受理 → 审查 → 决定 → 办结 timed by the
 * item's promised working days. An operator refines the form in the designer afterwards.
 */
import type { FormField, ItemMaterial, WorkflowDefinition } from '@dz/contracts';
import { applicantFields, fileMaterial, imageMaterial } from './fields.js';
import { staffSteps } from './palm-forms.js';

/** The generic workflow's code; `standard-promise-<n>` is the same workflow promising n working days. */
export const STANDARD_PROMISE = 'standard-promise';
/** The generic workflow's limit when an item's guide names none. */
export const STANDARD_DAYS = 20;

export const itemFormCode = (itemCode: string) => `item-${itemCode.toLowerCase()}`;

/**
 * The promised working days an item's 办理时限 text states ("法定15个工作日，承诺5个工作日",
 * "即办件…", "法定5个工作日，承诺即办"), else its legal limit, else the generic limit. An online
 * application still waits for a member of staff, so 即办 means "within one working day" here.
 */
export function promisedDays(timeLimit: string): number {
  const promised = /承诺(\d+)个?工作日/.exec(timeLimit);
  if (promised) return Math.max(1, Number(promised[1]));
  if (/即办/.test(timeLimit)) return 1;
  const legal = /(\d+)个?工作日/.exec(timeLimit);
  return legal ? Math.max(1, Number(legal[1])) : STANDARD_DAYS;
}

export const standardWorkflowCode = (days: number) => (days === STANDARD_DAYS ? STANDARD_PROMISE : `${STANDARD_PROMISE}-${days}`);

export function standardWorkflow(days: number): { code: string; name: string; definition: WorkflowDefinition } {
  return {
    code: standardWorkflowCode(days),
    name: days === STANDARD_DAYS ? '标准承诺件流程' : `标准承诺件流程（${days}个工作日）`,
    definition: { kind: 'promise', timeLimitDays: days, steps: staffSteps(days), partner: null, document: null },
  };
}

const HELP: Record<ItemMaterial['form'], string> = {
  原件: '请上传原件的清晰照片或扫描件',
  复印件: '请上传清晰的扫描件或照片',
  电子: '请上传电子文件或清晰照片',
};

/** Field labels are at most 60 characters; long material names keep their head and say so. */
const label = (name: string) => ([...name].length > 60 ? `${[...name].slice(0, 59).join('')}…` : name);

export function itemFormFields(item: { audience: 'person' | 'corp' | 'both'; materials: ItemMaterial[] }): FormField[] {
  const materials = item.materials.map((m, i) => {
    const opts = { required: m.required, help: m.required ? HELP[m.form] : `${HELP[m.form]}；视情形提交`, ...(m.sampleUrl ? { sampleUrl: m.sampleUrl } : {}) };
    // A photo is a picture; any other paper may be a PDF or photos of its pages.
    return /照片|相片|照$/.test(m.name) ? imageMaterial(`material${i + 1}`, label(m.name), { ...opts, count: 2 }) : fileMaterial(`material${i + 1}`, label(m.name), opts);
  });
  return [
    ...applicantFields({ corp: item.audience === 'corp' }),
    { key: 'requestSection', label: '申请内容', type: 'section' },
    { key: 'description', label: '申请事项说明', type: 'textarea', required: true, minLength: 5, maxLength: 1000, placeholder: '请简要说明申请的事由和具体诉求' },
    ...(materials.length ? [{ key: 'materialsSection', label: '申请材料', type: 'section' } as FormField, ...materials] : []),
  ];
}
