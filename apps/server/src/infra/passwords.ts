/** argon2id (RFC 9106) with OWASP's minimum parameters (19 MiB, 2 passes). */
import { hash, verify } from '@node-rs/argon2';

// Algorithm.Argon2id; the package exports it as an ambient const enum, unusable under isolatedModules.
const ARGON2ID = 2;

export interface PasswordHasher {
  hash(plain: string): Promise<string>;
  verify(hashed: string, plain: string): Promise<boolean>;
}

export function createPasswordHasher(cost: { memoryCost: number; timeCost: number }): PasswordHasher {
  return {
    hash: (plain) => hash(plain, { algorithm: ARGON2ID, memoryCost: cost.memoryCost, timeCost: cost.timeCost, parallelism: 1 }),
    verify: async (hashed, plain) => {
      try {
        return await verify(hashed, plain);
      } catch {
        return false;
      }
    },
  };
}
