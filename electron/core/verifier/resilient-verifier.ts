import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  circuitBreaker,
  decorrelatedJitterGenerator,
  handleWhenResult,
  type CircuitBreakerPolicy,
  type IBackoff,
  type IBackoffFactory,
} from 'cockatiel';
import type { ImageMime } from '../../common/contract';
import { CodedError } from '../ipc/dispatcher';
import { retryPolicySchema, type RetryPolicy, type RetryPolicyInput } from '../../common/retry-policy';
import type { Verifier, VerifyOutcome } from './verifier';

export interface ServiceStatus {
  online: boolean;
  /** ISO time of the verify or probe that changed the status. */
  checkedAt: string;
}

export interface ResilientVerifierOptions {
  inner: Verifier;
  policy: RetryPolicyInput;
  /** Clock for the per-verify deadline. */
  now?: () => number;
  /** The wait between tries; injected so the retry logic can be tested without real time. */
  sleep?: (ms: number) => Promise<void>;
  /** Called when the circuit opens (online: false) and when it closes again (online: true). */
  onStatus?: (status: ServiceStatus) => void;
  /**
   * A cheap check that the service is back (for FACEKI: facekiProbe). true, or an outcome that is an
   * answer from the service, means healthy; false, a down outcome or a throw means still down. Without
   * one, the circuit falls back to a classic half-open: after the cooldown, one real verify is let
   * through as the trial.
   */
  probe?: () => Promise<VerifyOutcome | boolean>;
}

export const MARKED_DOWN_MESSAGE = 'verify service marked down; probing in background';
const COOLING_DOWN_MESSAGE = 'verify service marked down; trying again after the cooldown';

/**
 * Worth another try: nothing reached the service (refused, DNS, no route) or it failed on its side
 * (5xx). Not TIMEOUT: a timed-out request may have been processed (and billed), and the person at
 * the door has already waited a full timeout. Not face codes, AUTH_FAILED, MALFORMED_RESPONSE or
 * verdicts: the service answered, and asking again gives the same answer.
 */
export function isRetryable(outcome: VerifyOutcome): boolean {
  return outcome.kind === 'offline' || (outcome.kind === 'error' && outcome.code === 'SERVER_ERROR');
}

/**
 * Counts toward opening the circuit: the retryable outcomes and TIMEOUT too. A service whose packets
 * are dropped (firewall, hung host) never refuses a connection; it only ever times out, and that is
 * exactly the case where the breaker saves each person a full timeout.
 */
export function isServiceDown(outcome: VerifyOutcome): boolean {
  return isRetryable(outcome) || (outcome.kind === 'error' && outcome.code === 'TIMEOUT');
}

/** A verify outcome or a probe's answer; anything the service answered at all is healthy. */
function isHealthy(result: unknown): boolean {
  if (typeof result === 'boolean') return result;
  if (typeof result === 'object' && result !== null && 'kind' in result) {
    return !isServiceDown(result as VerifyOutcome);
  }
  return false;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Wraps a Verifier with retries (exponential backoff with jitter, within one deadline) and a circuit
 * breaker. cockatiel supplies the backoff and the breaker's state machine (consecutive-failure count,
 * open / half-open / closed, events). The retry loop is our own: cockatiel's RetryPolicy sleeps on its
 * own setTimeout and cannot decline a wait or a try that would overrun the deadline.
 */
export class ResilientVerifier implements Verifier {
  private readonly inner: Verifier;
  private readonly policy: RetryPolicy;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly onStatus: ((status: ServiceStatus) => void) | undefined;
  private readonly probe: (() => Promise<VerifyOutcome | boolean>) | undefined;
  private readonly backoff: IBackoffFactory<unknown>;
  private readonly breaker: CircuitBreakerPolicy;
  private isOnline = true;
  private stopped = false;
  private probeTimer: NodeJS.Timeout | undefined;

  constructor(options: ResilientVerifierOptions) {
    const parsed = retryPolicySchema.safeParse(options.policy);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new CodedError('INVALID_CONFIG', `retry policy: ${detail}`);
    }
    this.policy = parsed.data;
    this.inner = options.inner;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.onStatus = options.onStatus;
    this.probe = options.probe;
    this.backoff = new ExponentialBackoff({
      initialDelay: this.policy.baseDelayMs,
      maxDelay: this.policy.maxDelayMs,
      // Decorrelated jitter (cockatiel's default, from Polly): kiosks that lost the service together
      // do not come back knocking in step.
      generator: decorrelatedJitterGenerator,
    });
    this.breaker = circuitBreaker(
      handleWhenResult((result) => !isHealthy(result)),
      {
        breaker: new ConsecutiveBreaker(this.policy.breakerThreshold),
        // With a probe our timer paces the trials, so cockatiel must allow one whenever we ask;
        // without one, cockatiel's own clock holds the circuit open for the cooldown.
        halfOpenAfter: this.probe ? 0 : this.policy.breakerCooldownMs,
      },
    );
    this.breaker.onBreak(() => this.wentDown());
    this.breaker.onReset(() => this.cameBack());
  }

  get online(): boolean {
    return this.isOnline;
  }

  async verify(image: Uint8Array, mime: ImageMime): Promise<VerifyOutcome> {
    const state = this.breaker.state;
    // Open or half-open: answer at once. Never queue behind a half-open trial, as cockatiel would.
    const probing = this.probe !== undefined && !this.stopped;
    if (state === CircuitState.HalfOpen || (state !== CircuitState.Closed && probing)) {
      return { kind: 'offline', message: MARKED_DOWN_MESSAGE };
    }
    try {
      return await this.breaker.execute(() => this.verifyWithRetries(image, mime));
    } catch (error) {
      // Open, no probe, and the cooldown has not passed yet.
      if (error instanceof BrokenCircuitError) return { kind: 'offline', message: COOLING_DOWN_MESSAGE };
      throw error;
    }
  }

  /**
   * Stops background probing, for shutdown. verify keeps working: with no one left to probe, an open
   * circuit lets the next real verify through as its half-open trial.
   */
  close(): void {
    this.stopped = true;
    clearTimeout(this.probeTimer);
    this.probeTimer = undefined;
  }

  private async verifyWithRetries(image: Uint8Array, mime: ImageMime): Promise<VerifyOutcome> {
    const deadline = this.now() + this.policy.deadlineMs;
    let backoff: IBackoff<unknown> | undefined;
    let slowestTry = 0;
    for (let attempt = 1; ; attempt++) {
      const started = this.now();
      const outcome = await this.inner.verify(image, mime);
      slowestTry = Math.max(slowestTry, this.now() - started);
      if (!isRetryable(outcome) || attempt >= this.policy.maxAttempts) return outcome;
      backoff = backoff ? backoff.next(undefined) : this.backoff.next(undefined);
      // Expect the next try to take as long as the slowest so far: start neither it nor the wait
      // before it unless both end by the deadline. The person at the door gets the last answer now.
      // A try already running is not cut short (Verifier takes no signal): the inner's own timeout
      // bounds it, so deadlineMs should be at least the client's timeoutMs.
      if (this.now() + backoff.duration + slowestTry > deadline) return outcome;
      await this.sleep(backoff.duration);
    }
  }

  private wentDown(): void {
    // cockatiel reports a break again after each failed half-open trial; the kiosk wants transitions.
    if (this.isOnline) {
      this.isOnline = false;
      this.emit(false);
      this.scheduleProbe(this.policy.breakerCooldownMs);
    }
  }

  private cameBack(): void {
    this.isOnline = true;
    this.emit(true);
  }

  private emit(online: boolean): void {
    if (!this.stopped) this.onStatus?.({ online, checkedAt: new Date(this.now()).toISOString() });
  }

  /** One probe at a time: the next is scheduled only after the previous one has answered. */
  private scheduleProbe(delayMs: number): void {
    if (!this.probe || this.stopped) return;
    clearTimeout(this.probeTimer);
    this.probeTimer = setTimeout(() => void this.runProbe(), delayMs);
    // A kiosk (or a CLI run) must be able to exit while the service is down.
    this.probeTimer.unref();
  }

  private async runProbe(): Promise<void> {
    this.probeTimer = undefined;
    if (this.stopped || this.isClosed()) return;
    try {
      await this.breaker.execute(() => this.askProbe());
    } catch {
      // askProbe never throws; a BrokenCircuitError cannot happen with halfOpenAfter 0. Either way
      // the state below decides whether to keep probing.
    }
    if (!this.isClosed()) this.scheduleProbe(this.policy.probeIntervalMs);
  }

  /** A method, not an inline comparison: the state changes across an await, which TS cannot see. */
  private isClosed(): boolean {
    return this.breaker.state === CircuitState.Closed;
  }

  private async askProbe(): Promise<VerifyOutcome | boolean> {
    try {
      return await this.probe!();
    } catch {
      return false;
    }
  }
}
