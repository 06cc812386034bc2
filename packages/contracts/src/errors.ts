import { Type, type Static } from '@sinclair/typebox';

/** Every error the API returns: an HTTP status and this body. `message` is for the user. */
export const ErrorBody = Type.Object(
  {
    code: Type.String({ description: 'UPPER_SNAKE machine code' }),
    message: Type.String({ description: '中文，告诉用户该怎么办' }),
    requestId: Type.Optional(Type.String()),
    fields: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'per-field messages' })),
    retryAfterSeconds: Type.Optional(Type.Integer()),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'machine-readable context, e.g. the draft kept when a submission failed' })),
  },
  { $id: 'ErrorBody', title: 'ErrorBody' },
);
export type ErrorBody = Static<typeof ErrorBody>;

export const ErrorCodes = {
  VALIDATION: 'VALIDATION_FAILED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  RATE_LIMITED: 'RATE_LIMITED',
  LOCKED: 'ACCOUNT_LOCKED',
  INTERNAL: 'INTERNAL_ERROR',
  PARTNER_UNAVAILABLE: 'PARTNER_UNAVAILABLE',
} as const;
