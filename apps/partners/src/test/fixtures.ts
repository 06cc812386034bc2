/** Valid installation forms and attachments for the tests, to be spoilt one field at a time. */
import { createHash } from 'node:crypto';
import type { GasInstallForm, InstallationAttachment, UtilityInstallForm } from '@dz/partner-protocol';

export function attachment(kind: string, bytes: Buffer = Buffer.from(`fake image of ${kind}`), mime: InstallationAttachment['mime'] = 'image/jpeg'): InstallationAttachment {
  return { kind, mime, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), contentBase64: bytes.toString('base64') };
}

export const ID_AND_PROPERTY = (): InstallationAttachment[] => [attachment('id-front'), attachment('property')];

export function utilityForm(overrides: Partial<UtilityInstallForm> = {}): UtilityInstallForm {
  return {
    originalMeterCardNo: '',
    applicantName: '张三',
    applicantAddress: '达州市通川区朝阳东路88号3栋2单元501',
    contactName: '张三',
    landline: '',
    applicantIdNumber: '511702199001011231',
    applicantPhone: '13900000001',
    appointmentDate: '2026-03-10',
    reason: '新房入住，申请开户安装',
    supplyContractNo: '',
    certType: '居民身份证',
    certNo: '511702199001011231',
    agentOrg: '',
    agentName: '',
    ...overrides,
  };
}

export function gasForm(overrides: Partial<GasInstallForm> = {}): GasInstallForm {
  return {
    applicantName: '张三',
    applicantIdNumber: '511702199001011231',
    contactName: '张三',
    contactPhone: '13900000001',
    idNumber: '511702199001011231',
    installType: 'residential',
    address: '达州市通川区朝阳东路88号3栋2单元501',
    description: '新房通气，厨房一台燃气灶',
    ...overrides,
  };
}
