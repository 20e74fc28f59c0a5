import { z } from 'zod';
import { ALL_CODES } from './codes';

/** Who the verifier said the person is. Only fields the service gave are present. */
export const verifiedUserSchema = z.object({
  userId: z.string(),
  faceId: z.string().optional(),
  email: z.string().optional(),
  name: z.string().optional(),
  language: z.string().optional(),
});
export type VerifiedUser = z.infer<typeof verifiedUserSchema>;

/** The door decision for one attempt, as main tells it to the renderer and the CLI prints it. */
export const decisionSchema = z.object({
  attemptId: z.number().int().nonnegative(),
  decision: z.enum(['granted', 'denied', 'error']),
  code: z.enum(ALL_CODES),
  user: verifiedUserSchema.optional(),
  confidence: z.number().optional(),
  online: z.boolean(),
  doorOpened: z.boolean(),
  latencyMs: z.number().nonnegative(),
});
export type Decision = z.infer<typeof decisionSchema>;
