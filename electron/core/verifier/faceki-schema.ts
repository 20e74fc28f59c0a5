import { z } from 'zod';

/**
 * The parts of FACEKI's answers we rely on. Everything else passes through untouched; anything of a
 * different type than expected fails parsing and becomes MALFORMED_RESPONSE, never a grant.
 */
export const tokenResponseSchema = z.object({
  responseCode: z.number().optional(),
  data: z.object({
    access_token: z.string().min(1),
    expires_in: z.number().positive().optional(),
  }),
});

const userSchema = z
  .object({
    _id: z.string().optional(),
    userId: z.string().optional(),
    faceID: z.string().optional(),
    email: z.string().optional(),
    name: z.string().optional(),
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    language: z.string().optional(),
    confidence: z.number().optional(),
  })
  .loose();

export const verifyResponseSchema = z
  .object({
    responseCode: z.number().optional(),
    message: z.string().optional(),
    confidence: z.number().optional(),
    data: z
      .object({
        logedIn: z.boolean().optional(),
        all_face_ids: z.array(z.string()).optional(),
        user: userSchema.nullish(),
        confidence: z.number().optional(),
      })
      .loose()
      .nullish(),
  })
  .loose();
export type VerifyResponse = z.infer<typeof verifyResponseSchema>;

/**
 * An enrol answer: on-prem `{response: "Enrolled" | "Already Registered"}` (the fake adds faceId), or
 * the cloud signup's `data.user{userId, faceID}` and `data.face_id` (docs/FACEKI.md, "Enrol").
 */
export const enrollResponseSchema = z
  .object({
    responseCode: z.number().optional(),
    response: z.string().optional(),
    message: z.string().optional(),
    faceId: z.string().optional(),
    data: z.object({ user: userSchema.nullish(), face_id: z.string().optional() }).loose().nullish(),
  })
  .loose();

export const errorBodySchema = z.union([
  z.object({ responseCode: z.number() }).loose(),
  z.object({ error_code: z.string() }).loose(),
  z.object({ error: z.string() }).loose(),
]);
