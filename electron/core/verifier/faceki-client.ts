import { randomUUID } from 'node:crypto';
import type { Code } from '../../common/codes';
import type { ImageMime } from '../../common/contract';
import type { VerifiedUser } from '../../common/decision';
import { CodedError } from '../ipc/dispatcher';
import { codeFromNumeric, codeFromString } from './faceki-codes';
import {
  enrollResponseSchema,
  errorBodySchema,
  tokenResponseSchema,
  verifyResponseSchema,
  type VerifyResponse,
} from './faceki-schema';
import { checkImage } from './image-check';
import { checkServiceUrl, NO_REDIRECTS, refuseRedirect } from './service-url';
import { TokenCache, tokenExpiry, type Token, type TokenStore } from './token-cache';
import type { Verifier, VerifyOutcome } from './verifier';

export interface FacekiOptions {
  verifyUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  imageField: string;
  timeoutMs: number;
  fetch?: typeof fetch;
  now?: () => number;
  /** Keeps the token across restarts (sealed); without it the token lives in memory only. */
  tokenStore?: TokenStore;
  /**
   * FACEKI's enrol endpoint (docs/FACEKI.md, "Enrol"); default: `enroll` beside verifyUrl, as on-prem
   * FACEKI has it (https://sdkbio.faceki.com/verify -> /enroll). Checked when enrol is used, so a bad
   * one never stops the door from verifying.
   */
  enrollUrl?: string | undefined;
}

/** Who is being enrolled with FACEKI: the fields its signup takes, all optional but the name. */
export interface EnrolDetails {
  name: string;
  email?: string | undefined;
  language?: string | undefined;
}

/** A face FACEKI accepted: its user id for this person (ours when it does not give one) and face id. */
export interface EnrolResult {
  userId: string;
  faceId?: string;
}

/** Why a request failed before an HTTP answer: a timeout, or the network (refused, DNS, no route). */
function transportOutcome(error: unknown): VerifyOutcome {
  const name = (error as { name?: string })?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return { kind: 'error', code: 'TIMEOUT', message: 'the verify service did not answer in time' };
  }
  const cause = (error as { cause?: { code?: string } })?.cause?.code;
  return { kind: 'offline', message: `verify service unreachable${cause ? ` (${cause})` : ''}` };
}

async function readJson(response: Response): Promise<{ json: unknown; text: string }> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    const name = (error as { name?: string })?.name;
    if (name === 'TimeoutError' || name === 'AbortError') throw error;
    // The service answered and then the body broke off: a broken answer from a reachable service,
    // not an offline one (which would mislead the operator and the attempt log's online flag).
    throw new CodedError(
      'MALFORMED_RESPONSE',
      `answer cut off after HTTP ${response.status}: ${(error as Error).message}`,
    );
  }
  try {
    return { json: JSON.parse(text) as unknown, text };
  } catch {
    return { json: undefined, text };
  }
}

/** FACEKI-compatible client: bearer token from the token endpoint, multipart POST of the selfie. */
export class FacekiClient implements Verifier {
  private readonly tokens: TokenCache;
  private readonly fetch: typeof fetch;
  private readonly verifyUrl: URL;
  private readonly tokenUrl: URL;

  constructor(private readonly options: FacekiOptions) {
    this.verifyUrl = checkServiceUrl('verifyUrl', options.verifyUrl);
    this.tokenUrl = checkServiceUrl('tokenUrl', options.tokenUrl);
    if (!options.clientId || !options.clientSecret) {
      throw new CodedError('INVALID_CONFIG', 'clientId and clientSecret must both be set');
    }
    this.fetch = options.fetch ?? globalThis.fetch;
    const now = options.now ?? Date.now;
    this.tokens = new TokenCache(() => this.fetchToken(), now, undefined, options.tokenStore);
  }

  /** For `facegate doctor`: can a token be had with these credentials, and if not, why. */
  async checkToken(): Promise<{ ok: true } | { ok: false; code: Code; message: string }> {
    try {
      await this.tokens.get();
      return { ok: true };
    } catch (error) {
      if (error instanceof CodedError) return { ok: false, code: error.code, message: error.message };
      const outcome = transportOutcome(error);
      return outcome.kind === 'offline'
        ? { ok: false, code: 'OFFLINE', message: outcome.message }
        : { ok: false, code: 'TIMEOUT', message: 'the token endpoint did not answer in time' };
    }
  }

  async verify(image: Uint8Array, mime: ImageMime): Promise<VerifyOutcome> {
    const checked = await checkImage(image, mime);
    if (!checked.ok) return { kind: 'error', code: 'FAILED_TO_READ_IMAGE', message: checked.message };
    const form = () => this.imageForm(this.options.imageField, image, mime);
    try {
      const response = await this.postAuthorised(this.verifyUrl, 'verifyUrl', form);
      if (!response) return { kind: 'error', code: 'AUTH_FAILED', message: 'token refused by verify service' };
      return await this.interpret(response);
    } catch (error) {
      if (error instanceof CodedError) return { kind: 'error', code: error.code, message: error.message };
      return transportOutcome(error);
    }
  }

  /**
   * Enrols one face with FACEKI (POST enrollUrl, multipart `image` as its docs name it, with the
   * person's details beside it). Throws CodedError: ALREADY_ENROLLED for FACEKI's "Already
   * Registered", the face codes it answers (FACE_NOT_FOUND, TOO_MANY_FACES, ...), FAILED_TO_READ_IMAGE,
   * AUTH_FAILED, OFFLINE or TIMEOUT. Never retried: a second enrolment would be refused as a duplicate
   * of the first, had it gone through unseen.
   */
  async enroll(image: Uint8Array, mime: ImageMime, details: EnrolDetails): Promise<EnrolResult> {
    const url = checkServiceUrl('enrollUrl', this.options.enrollUrl ?? new URL('enroll', this.verifyUrl).href);
    const checked = await checkImage(image, mime);
    if (!checked.ok) throw new CodedError('FAILED_TO_READ_IMAGE', checked.message);
    // Ours, sent as userId: on-prem FACEKI's answer names no user, and the kiosk needs an id to log.
    const userId = randomUUID();
    const form = () => {
      const body = this.imageForm('image', image, mime);
      const fields = { userId, name: details.name, email: details.email, language: details.language };
      for (const [key, value] of Object.entries(fields)) if (value) body.append(key, value);
      return body;
    };
    let response: Response | null;
    try {
      response = await this.postAuthorised(url, 'enrollUrl', form);
    } catch (error) {
      if (error instanceof CodedError) throw error;
      const outcome = transportOutcome(error);
      throw new CodedError(
        outcome.kind === 'offline' ? 'OFFLINE' : 'TIMEOUT',
        outcome.kind === 'offline'
          ? outcome.message.replace('verify', 'enrol')
          : 'the enrol service did not answer in time',
      );
    }
    if (!response) throw new CodedError('AUTH_FAILED', 'token refused by the enrol service');
    return enrolResult(response, userId);
  }

  private imageForm(field: string, image: Uint8Array, mime: ImageMime): FormData {
    const form = new FormData();
    const name = mime === 'image/png' ? 'selfie.png' : 'selfie.jpg';
    form.append(field, new Blob([image as Uint8Array<ArrayBuffer>], { type: mime }), name);
    return form;
  }

  /**
   * POSTs a form with the bearer token. A 401 may be a token revoked or expired early: a fresh one
   * is fetched and the request sent once more; null when that is refused too.
   */
  private async postAuthorised(url: URL, name: string, form: () => FormData): Promise<Response | null> {
    let token = await this.tokens.get();
    let response = await this.post(url, name, form(), token);
    if (response.status !== 401) return response;
    this.tokens.invalidate(token);
    token = await this.tokens.get();
    response = await this.post(url, name, form(), token);
    return response.status === 401 ? null : response;
  }

  private async post(url: URL, name: string, form: FormData, token: string): Promise<Response> {
    const response = await this.fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      body: form,
      ...NO_REDIRECTS,
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    // A 307/308 would re-post the face to an address nobody checked.
    await refuseRedirect(response, name, url);
    return response;
  }

  private async fetchToken(): Promise<Token> {
    const url = new URL(this.tokenUrl);
    url.searchParams.set('clientId', this.options.clientId);
    url.searchParams.set('clientSecret', this.options.clientSecret);
    const response = await this.fetch(url, { ...NO_REDIRECTS, signal: AbortSignal.timeout(this.options.timeoutMs) });
    // The query holds the client secret: a redirect is refused before anything is sent on.
    await refuseRedirect(response, 'tokenUrl', this.tokenUrl);
    const { json } = await readJson(response);
    if (response.status === 401 || response.status === 403 || response.status === 422) {
      throw new CodedError('AUTH_FAILED', `token endpoint refused the credentials (HTTP ${response.status})`);
    }
    if (!response.ok) throw new CodedError('SERVER_ERROR', `token endpoint answered HTTP ${response.status}`);
    const parsed = tokenResponseSchema.safeParse(json);
    if (!parsed.success) throw new CodedError('MALFORMED_RESPONSE', 'token endpoint answer has no access_token');
    if (parsed.data.responseCode !== undefined && parsed.data.responseCode !== 0) {
      throw new CodedError('AUTH_FAILED', `token endpoint answered responseCode ${parsed.data.responseCode}`);
    }
    const { access_token, expires_in } = parsed.data.data;
    return { value: access_token, expiresAt: tokenExpiry(access_token, expires_in, (this.options.now ?? Date.now)()) };
  }

  private async interpret(response: Response): Promise<VerifyOutcome> {
    const { json, text } = await readJson(response);
    const raw = text.slice(0, 2000);
    if (response.status >= 500) {
      return { kind: 'error', code: 'SERVER_ERROR', message: `verify service answered HTTP ${response.status}`, raw };
    }
    if (json === undefined) {
      return { kind: 'error', code: 'MALFORMED_RESPONSE', message: 'verify answer is not JSON', raw };
    }
    if (!response.ok) return errorOutcome(json, raw, `HTTP ${response.status}`);
    const parsed = verifyResponseSchema.safeParse(json);
    if (!parsed.success) {
      return { kind: 'error', code: 'MALFORMED_RESPONSE', message: 'verify answer does not match the API', raw };
    }
    if (parsed.data.responseCode !== undefined && parsed.data.responseCode !== 0) {
      return errorOutcome(json, raw, `responseCode ${parsed.data.responseCode}`);
    }
    return matchOutcome(parsed.data, raw);
  }
}

/** What an enrol answer means: FACEKI's on-prem "Enrolled"/"Already Registered", or its cloud signup's user. */
async function enrolResult(response: Response, userId: string): Promise<EnrolResult> {
  const { json, text } = await readJson(response);
  const raw = text.slice(0, 500);
  if (response.status >= 500) throw new CodedError('SERVER_ERROR', `enrol service answered HTTP ${response.status}`);
  const parsed = enrollResponseSchema.safeParse(json);
  if (parsed.success && /already\s+registered/i.test(parsed.data.response ?? parsed.data.message ?? '')) {
    throw new CodedError('ALREADY_ENROLLED', 'FACEKI already holds this face (Already Registered)');
  }
  const refused =
    !response.ok || (parsed.success && parsed.data.responseCode !== undefined && parsed.data.responseCode !== 0);
  if (json === undefined || refused) {
    const outcome = json === undefined ? null : errorOutcome(json, raw, `HTTP ${response.status}`);
    const code = outcome?.kind === 'error' ? outcome.code : 'MALFORMED_RESPONSE';
    throw new CodedError(code, `enrol refused (HTTP ${response.status}): ${raw}`);
  }
  if (!parsed.success) throw new CodedError('MALFORMED_RESPONSE', `enrol answer does not match the API: ${raw}`);
  const user = parsed.data.data?.user;
  const faceId = parsed.data.faceId ?? parsed.data.data?.face_id ?? user?.faceID;
  return { userId: user?.userId ?? userId, ...(faceId && { faceId }) };
}

function errorOutcome(json: unknown, raw: string, what: string): VerifyOutcome {
  const parsed = errorBodySchema.safeParse(json);
  if (!parsed.success) return { kind: 'error', code: 'UNKNOWN', message: `verify service refused (${what})`, raw };
  const body = parsed.data as { responseCode?: number; error_code?: string; error?: string };
  const code =
    body.responseCode !== undefined
      ? codeFromNumeric(body.responseCode)
      : codeFromString(body.error_code ?? body.error ?? '');
  return { kind: 'error', code, message: `verify service refused (${what})`, raw };
}

function matchOutcome(body: VerifyResponse, raw: string): VerifyOutcome {
  const data = body.data;
  const ids = data?.all_face_ids ?? [];
  if (ids.length > 1) return { kind: 'ambiguous', faceIds: ids };
  if (data?.logedIn !== true || ids.length === 0) return { kind: 'no-match' };
  const u = data.user;
  const userId = u?.userId ?? u?._id;
  if (!userId) return { kind: 'error', code: 'MALFORMED_RESPONSE', message: 'login success without a user id', raw };
  const fullName = [u?.firstName, u?.lastName].filter(Boolean).join(' ');
  const user: VerifiedUser = {
    userId,
    faceId: u?.faceID ?? ids[0],
    ...(u?.email && { email: u.email }),
    ...((u?.name || fullName) && { name: u?.name || fullName }),
    ...(u?.language && { language: u.language }),
  };
  const confidence = u?.confidence ?? data.confidence ?? body.confidence;
  return { kind: 'match', user, ...(confidence !== undefined && { confidence }) };
}
