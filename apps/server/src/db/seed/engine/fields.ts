/**
 * Building blocks of the seeded forms (contracts `FormField`): the applicant section every form
 * opens with, and material (材料) upload fields. Keys are stable: cases find the applicant by
 * `applicantName` and the first idNumber / phone fields, and the H5 prefills from the login.
 */
import type { FormField } from '@dz/contracts';

/**
 * A 1-inch ID photo sample (25 × 35 mm, white background, head and shoulders) as an inline SVG:
 * no hot-linked image, and the H5's CSP allows data: images.
 */
export const PHOTO_SAMPLE =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 250 350'%3E%3Crect width='250' height='350' fill='%23fff' stroke='%23999' stroke-width='4'/%3E%3Ccircle cx='125' cy='135' r='62' fill='%23556'/%3E%3Cpath d='M20 350c4-86 48-132 105-132s101 46 105 132z' fill='%23556'/%3E%3Ctext x='125' y='40' font-size='22' text-anchor='middle' fill='%23999'%3E%E7%99%BD%E5%BA%95%E4%B8%80%E5%AF%B8%3C/text%3E%3C/svg%3E";

/** 居民身份证 人像面 and 国徽面, both to be photographed whole. */
export const ID_CARD_SAMPLE =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 340 440' font-size='22'%3E%3Crect x='10' y='10' width='320' height='200' fill='%23dde6f3'/%3E%3Crect x='230' y='40' width='80' height='100' fill='%23abc'/%3E%3Ctext x='30' y='60'%3E%E4%BA%BA%E5%83%8F%E9%9D%A2%3C/text%3E%3Crect x='10' y='230' width='320' height='200' fill='%23dde6f3'/%3E%3Ccircle cx='60' cy='285' r='30' fill='%23c44'/%3E%3Ctext x='110' y='295'%3E%E5%9B%BD%E5%BE%BD%E9%9D%A2%3C/text%3E%3C/svg%3E";

/** A bank card's number side, the number readable. */
export const BANK_CARD_SAMPLE =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 340 214'%3E%3Crect x='5' y='5' width='330' height='204' rx='16' fill='%232a5caa'/%3E%3Crect x='30' y='60' width='50' height='38' rx='6' fill='%23e8c66a'/%3E%3Ctext x='30' y='150' font-size='24' fill='%23fff' font-family='monospace'%3E6222 0000 0000 0000%3C/text%3E%3Ctext x='30' y='40' font-size='18' fill='%23fff'%3E%E5%8D%A1%E5%8F%B7%E9%9D%A2%3C/text%3E%3C/svg%3E";

/** 申请人信息, prefilled from the login (the citizen may correct a prefilled phone). */
export function applicantFields(opts: { corp?: boolean; corpRequired?: boolean } = {}): FormField[] {
  const person: FormField[] = [
    { key: 'applicantSection', label: opts.corp ? '经办人信息' : '申请人信息', type: 'section' },
    { key: 'applicantName', label: opts.corp ? '经办人姓名' : '申请人姓名', type: 'text', required: true, prefill: 'user.name', maxLength: 30, sensitive: true },
    { key: 'applicantIdNumber', label: '公民身份号码', type: 'idNumber', required: true, prefill: 'user.idNumber', sensitive: true },
    { key: 'applicantPhone', label: '联系电话', type: 'phone', required: true, prefill: 'user.phone', sensitive: true },
  ];
  if (!opts.corp) return person;
  return [
    { key: 'companySection', label: '企业信息', type: 'section' },
    { key: 'companyName', label: '企业名称', type: 'text', required: opts.corpRequired ?? true, prefill: 'company.name', maxLength: 100 },
    { key: 'companyCreditCode', label: '统一社会信用代码', type: 'creditCode', required: opts.corpRequired ?? true, prefill: 'company.creditCode' },
    ...person,
  ];
}

/** A picture of a paper (or a photo): `count` files at most, 5 MB each. */
export function imageMaterial(key: string, label: string, opts: Partial<FormField> & { count?: number } = {}): FormField {
  const { count, ...rest } = opts;
  return { key, label, type: 'image', accept: 'image', max: count ?? 3, maxSizeKb: 5120, ...rest };
}

/** A scanned document: a PDF or photos of its pages. */
export function fileMaterial(key: string, label: string, opts: Partial<FormField> & { count?: number } = {}): FormField {
  const { count, ...rest } = opts;
  return { key, label, type: 'file', accept: 'image+pdf', max: count ?? 5, maxSizeKb: 10240, ...rest };
}

/** A date from `back` days before today to `ahead` days after (date min / max are day offsets from today). */
export const dateWithin = (back: number, ahead: number): Pick<FormField, 'min' | 'max'> => ({ min: -back, max: ahead });

/** 收款银行卡号: 16–19 digits, as the banks of 达州 issue them. */
export const BANK_CARD: Pick<FormField, 'pattern' | 'patternMessage'> = { pattern: '^\\d{16,19}$', patternMessage: '请填写16至19位银行卡号，只含数字' };
