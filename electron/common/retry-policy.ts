import { z } from 'zod';

/**
 * How hard one verify tries before it gives up, and when the kiosk stops asking a service that is down.
 * The settings schema embeds this one declaration as verifier.retry, so a policy the settings
 * accept is exactly one the ResilientVerifier accepts.
 */
export const retryPolicySchema = z.strictObject({
  /** Tries of one verify, counting the first; only connection errors and 5xx are retried. */
  maxAttempts: z.number().int().min(1).max(10).default(3),
  /** Scale of the exponential backoff between tries (jittered, so kiosks do not retry in step). */
  baseDelayMs: z.number().int().min(0).max(30_000).default(200),
  maxDelayMs: z.number().int().min(0).max(60_000).default(2_000),
  /** No try (or wait before one) starts that would end after this, counted from the first try. */
  deadlineMs: z.number().int().min(500).max(120_000).default(12_000),
  /** Consecutive verifies that found the service down (after their retries) before the circuit opens. */
  breakerThreshold: z.number().int().min(1).max(100).default(3),
  /** How long the circuit stays open before the first half-open probe. */
  breakerCooldownMs: z.number().int().min(100).max(600_000).default(15_000),
  /** Time between background probes while the circuit stays open. */
  probeIntervalMs: z.number().int().min(50).max(600_000).default(10_000),
});

export type RetryPolicy = z.output<typeof retryPolicySchema>;
/** What a caller may pass: every field optional, defaults filled in by the schema. */
export type RetryPolicyInput = z.input<typeof retryPolicySchema>;
