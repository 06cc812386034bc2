import type { FastifyInstance } from 'fastify';
import { EnvelopeCode, fail, ok } from '@dz/partner-protocol';
import { sendEnvelope } from '../../protocol.js';
import { identityMatches } from './rules.js';

interface VerifyBody {
  name?: unknown;
  idNumber?: unknown;
}

const ID_SHAPE = /^\d{17}[\dXx]$/;

export async function identityRoutes(app: FastifyInstance): Promise<void> {
  /**
   * POST /v1/identity/verify {name, idNumber} → {match}. Malformed input (missing fields, an ID
   * number that is not 18 characters of digits + check character) is a caller error, 1004; a
   * well-formed pair that does not match is an ordinary answer, match:false — the population
   * registry does not say which half was wrong, so the check cannot be used to discover names.
   */
  app.post('/v1/identity/verify', async (req, reply) => {
    const body = req.body as VerifyBody | undefined;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return sendEnvelope(reply, 400, fail(EnvelopeCode.BAD_REQUEST, '请求体应为 {name, idNumber}'));
    }
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    const idNumber = typeof body.idNumber === 'string' ? body.idNumber.trim() : '';
    if (name.length === 0 || [...name].length > 50) {
      return sendEnvelope(reply, 400, fail(EnvelopeCode.BAD_REQUEST, 'name 必填，且不超过50个字符'));
    }
    if (!ID_SHAPE.test(idNumber)) {
      return sendEnvelope(reply, 400, fail(EnvelopeCode.BAD_REQUEST, 'idNumber 应为18位：前17位数字，最后一位数字或X'));
    }
    return sendEnvelope(reply, 200, ok({ match: identityMatches(name, idNumber.toUpperCase()) }));
  });
}
