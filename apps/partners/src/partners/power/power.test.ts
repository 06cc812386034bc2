import { describe, expect, it } from 'vitest';
import { EnvelopeCode, type InstallationStatus, type PingResult } from '@dz/partner-protocol';
import { ID_AND_PROPERTY, utilityForm } from '../../test/fixtures.js';
import { data, envelope, sandboxForFile } from '../../test/helpers.js';

describe('power company (国网达州供电公司)', () => {
  const sb = sandboxForFile();

  it('answers a signed ping', async () => {
    expect(data<PingResult>(await sb.client.get('/v1/power/ping')).partner).toBe('power');
  });

  it('takes installation applications (DS numbers) and has no bills', async () => {
    const s = data<InstallationStatus>(await sb.client.write('/v1/power/installations', { applicationNo: 'SQ-P-1', form: utilityForm(), attachments: ID_AND_PROPERTY() }));
    expect(s.installNo).toMatch(/^DS\d{10}$/);
    expect(data<InstallationStatus>(await sb.client.get(`/v1/power/installations/${s.installNo}`))).toEqual(s);
    for (const path of ['/v1/power/units', '/v1/power/accounts/3100012345/bills']) {
      const res = await sb.client.get(path);
      expect([res.statusCode, envelope(res).code]).toEqual([404, EnvelopeCode.BAD_REQUEST]);
    }
  });
});
