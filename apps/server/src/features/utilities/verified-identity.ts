import { UtilityErrorCodes } from '@dz/contracts';
import type { AppContext } from '../../infra/context.js';
import { AppError, unauthenticated } from '../../infra/errors.js';

export interface VerifiedIdentity {
  name: string;
  idNumber: string;
}

/**
 * The logged-in citizen's real name and ID number, for the partners that match accounts by identity
 * (水费 / 燃气 accounts, 燃气报装). Only a real-name verified account has an identity to match.
 */
export async function verifiedIdentity(ctx: AppContext, userId: number, purpose: string): Promise<VerifiedIdentity> {
  // For a company account these are its legal representative's (法定代表人).
  const u = await ctx.db.selectFrom('users').select(['name_enc', 'id_number_enc', 'real_name_verified']).where('id', '=', userId).executeTakeFirst();
  if (!u) throw unauthenticated();
  const nameEnc = u.name_enc;
  const idEnc = u.id_number_enc;
  if (Number(u.real_name_verified) !== 1 || !nameEnc || !idEnc) throw new AppError(403, UtilityErrorCodes.REALNAME_REQUIRED, `${purpose}需先完成实名认证`);
  return { name: ctx.gm.decrypt(nameEnc), idNumber: ctx.gm.decrypt(idEnc) };
}
