import { describe, expect, it } from 'vitest';
import { validateIdNumber, validateCreditCode, validatePhone, validatePassword, passwordRuleChecks, maskPhone, maskIdNumber, maskAddress, idNumberCheckChar, creditCodeCheckChar } from './validators.js';

describe('GB 11643 居民身份证号', () => {
  it.each(['11010519491231002X', '440524188001010014', '11010519491231002x'])('accepts %s', (id) => {
    expect(validateIdNumber(id)).toBeNull();
  });
  it.each([
    ['', '请输入'],
    ['1101051949123100', '18位'],
    ['11010519491231002Y', '数字'],
    ['110105194912310021', '校验位'],
    ['990105194912310028', '地区码'],
    ['110105194902300021', '出生日期'],
    ['110105299901010011', '出生日期'],
  ])('rejects %s', (id, msg) => {
    expect(validateIdNumber(id)).toContain(msg);
  });
  it('computes the check character', () => {
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
  });
});

describe('GB 32100 统一社会信用代码', () => {
  const good = '91511700' + '7' + 'MA62X4Q1' ;
  it('accepts a code with the computed check char', () => {
    const first17 = '915117007MA62X4Q1';
    const code = first17 + creditCodeCheckChar(first17);
    expect(code.length).toBe(18);
    expect(validateCreditCode(code)).toBeNull();
    expect(good.length).toBe(17);
  });
  it('accepts a published code', () => {
    // 国家市场监督管理总局 sample in GB 32100 Annex: 91350100M000100Y43
    expect(validateCreditCode('91350100M000100Y43')).toBeNull();
  });
  it.each([
    ['91350100M000100Y44', '校验位'],
    ['91350100M000100Y4', '18位'],
    ['91350100M000100I43', '不能包含'],
    ['', '请输入'],
  ])('rejects %s', (code, msg) => {
    expect(validateCreditCode(code)).toContain(msg);
  });
});

describe('phone and password', () => {
  it('phones', () => {
    expect(validatePhone('13900000001')).toBeNull();
    expect(validatePhone('12900000001')).not.toBeNull();
    expect(validatePhone('1390000000')).not.toBeNull();
  });
  it('password policy', () => {
    expect(validatePassword('Demo@2026')).toBeNull();
    expect(validatePassword('short1A')).toContain('8');
    expect(validatePassword('alllowercase1')).toContain('三类');
    expect(validatePassword('Aa13900000001', '13900000001')).toContain('手机号');
  });
  it('staff passwords may not contain the username, whatever the case', () => {
    expect(validatePassword('Zhangsan@2026', undefined, 'zhangsan')).toBe('密码不能包含用户名');
    expect(validatePassword('xZHANGSAN#1', '13900000001', 'ZhangSan')).toBe('密码不能包含用户名');
    expect(validatePassword('Console@2026x', undefined, 'admin')).toBeNull();
    // the phone is reported first, as the server always has
    expect(validatePassword('Admin13900000001', '13900000001', 'admin')).toBe('密码不能包含手机号');
  });
  it('the checklist lists every rule validatePassword applies, in its order', () => {
    const staff = passwordRuleChecks('Admin@2026', { phone: '', username: 'admin' });
    expect(staff.map((r) => r.key)).toEqual(['length', 'classes', 'phone', 'username']);
    expect(staff.find((r) => r.key === 'username')).toMatchObject({ label: '不能包含用户名', ok: false });
    expect(staff.find((r) => r.key === 'phone')?.ok).toBe(true); // unknown phone: the server judges
    // citizens have no username rule
    expect(passwordRuleChecks('Demo@2026', { phone: '13900000001' }).map((r) => r.key)).toEqual(['length', 'classes', 'phone']);
    // nothing typed yet: no rule shows as met
    expect(passwordRuleChecks('', { phone: '', username: 'admin' }).filter((r) => r.ok)).toEqual([]);
    // the first unmet line is exactly the error the server answers
    for (const pw of ['short', 'alllowercase1', 'Aa13900000001', 'Aa@admin99', 'Good@Pass1']) {
      const first = passwordRuleChecks(pw, { phone: '13900000001', username: 'admin' }).find((r) => !r.ok);
      expect(validatePassword(pw, '13900000001', 'admin')).toBe(first?.message ?? null);
    }
  });
  it('masks', () => {
    expect(maskPhone('13800000001')).toBe('138****0001');
    expect(maskIdNumber('511702199001011234')).toBe('511702**********34');
  });
});

describe('maskAddress', () => {
  it('keeps the street and hides the house number', () => {
    expect(maskAddress('达州市通川区朝阳东路88号3栋2单元501')).toBe('达州市通川区朝阳东路****');
    expect(maskAddress('宣汉县东乡镇')).toBe('宣汉县东乡镇');
    expect(maskAddress('达州市达川区南外镇翠屏路')).toBe('达州市达川区****');
  });
});
