import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import type { FaceErrorCode } from '../../electron/core/face/face-embedder';
import type { FacekiOptions } from '../../electron/core/verifier/faceki-client';

/**
 * A FACEKI-compatible verify service on 127.0.0.1, for tests and the simulator. It speaks real HTTP
 * and parses real multipart bodies, so the client under test goes through undici, FormData and JSON
 * exactly as it would against sdkbio.faceki.com. Shapes follow docs/seed-verify-api.txt and
 * docs/FACEKI.md. The verdict of each /verify call comes from a responder the test sets
 * (setVerifyResponder), or, when none is set, from the faces enrolled so far: see matchByFace() and
 * docs/face-matching.md. Faces are compared with real embeddings (electron/core/face), loaded only
 * when something is first enrolled or matched, so tests that never do either do not pay for it.
 */

/** One /verify call that got past authentication and carried a file. */
export interface RecordedVerify {
  authorization: string | undefined;
  /** The multipart field the file came in (the client's imageField). */
  field: string;
  filename: string | undefined;
  mime: string;
  bytes: Uint8Array;
}

/** One /enroll call: who asked (its bearer token, if any) and the text fields beside the image. */
export interface RecordedEnroll {
  authorization: string | undefined;
  fields: Record<string, string>;
}

export interface VerifyAnswer {
  status: number;
  /** A string is sent verbatim (to play a broken server); anything else as JSON. */
  body: unknown;
  /** Extra response headers, e.g. x-fake-match-ms. */
  headers?: Record<string, string>;
}

export type VerifyResponder = (req: RecordedVerify) => VerifyAnswer | Promise<VerifyAnswer>;

/** Who an enrolled face belongs to; what a granted /verify reports back. */
export interface EnrolledUser {
  userId: string;
  name?: string;
  email?: string;
  language?: string;
}

export type EnrollResult =
  | { kind: 'enrolled'; faceId: string; userId: string }
  /** The face is already enrolled (within the matching distance): faceId and userId of that enrolment. */
  | { kind: 'already-registered'; faceId: string; userId: string }
  | { kind: 'error'; code: FaceErrorCode };

export interface MatchByFaceOptions {
  /** Largest descriptor distance that counts as a match; default SAME_PERSON_MAX_DISTANCE. */
  maxDistance?: number;
}

/** The header with the milliseconds the fake spent deciding a face answer (decode, embed, compare). */
export const MATCH_MS_HEADER = 'x-fake-match-ms';

export interface FakeFaceki {
  origin: string;
  tokenUrl: string;
  verifyUrl: string;
  enrollUrl: string;
  clientId: string;
  clientSecret: string;
  verifyRequests: RecordedVerify[];
  /** Every POST /enroll, in order (the fake answers it without a token, as its tests post bare forms). */
  enrollRequests: RecordedEnroll[];
  /** How many tokens were issued (refused credential requests do not count). */
  readonly tokenRequests: number;
  /** Replaces the default verdict (matchByFace() once a face is enrolled, noMatch() before). */
  setVerifyResponder(fn: VerifyResponder): void;
  /** Enrols a face for a user, as POST /enroll does; the same face again is "Already Registered". */
  enroll(user: EnrolledUser, image: Uint8Array): Promise<EnrollResult>;
  /**
   * A responder that decides by the face in the upload: no single face answers FACEKI's error codes
   * (8006 FACE_NOT_FOUND, 8018 TOO_MANY_FACES, FAILED_TO_READ_IMAGE), no enrolled face within the
   * distance answers noMatch(), one person answers grantFor() that user, several ambiguous().
   */
  matchByFace(options?: MatchByFaceOptions): VerifyResponder;
  /** Milliseconds the last face decision (enrol or match) took, including a first load of the models. */
  readonly lastMatchMs: number | undefined;
  /** Every token issued so far is refused from now on, as after a key rotation on the service side. */
  revokeTokens(): void;
  /** Every HTTP request the fake received, whatever its route or answer. */
  readonly requestCount: number;
  /**
   * Answers every request on a route with a redirect to the same path and query on `targetOrigin`
   * (as a proxy's "moved" rule does), so the query's client secret or the POSTed image would follow
   * it; null stops redirecting that route.
   */
  redirect(route: RedirectRoute, targetOrigin: string | null, status?: number): void;
  close(): Promise<void>;
}

export type RedirectRoute = 'token' | 'verify';

export interface FakeFacekiOptions {
  clientId?: string;
  clientSecret?: string;
  tokenTtlSeconds?: number;
  imageField?: string;
  /** 0 (the default) picks a free port; the stand-alone fake (serve-fake-faceki.ts) takes a fixed one. */
  port?: number;
}

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWT-shaped token (alg "none", empty signature): the client reads exp from it like from FACEKI's. */
function makeJwt(subject: string, ttlSeconds: number): { token: string; exp: number } {
  const iat = Math.floor(Date.now() / 1000);
  const exp = iat + ttlSeconds;
  const token = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: subject, iat, exp, jti: randomUUID() })}.`;
  return { token, exp };
}

/** Image type by magic bytes, as the real engine decodes rather than trusting the declared type. */
function sniffImage(bytes: Uint8Array): 'image/jpeg' | 'image/png' | null {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.every((b, i) => bytes[i] === b)) return 'image/png';
  return null;
}

const FAILED_TO_READ_IMAGE: VerifyAnswer = {
  status: 400,
  body: { error: 'FAILED_TO_READ_IMAGE', error_code: 'FAILED_TO_READ_IMAGE' },
};

/** FACEKI's answer when the engine finds no single face (numeric codes of docs/FACEKI.md). */
function faceErrorAnswer(code: FaceErrorCode): VerifyAnswer {
  if (code === 'FACE_NOT_FOUND') return faceError(8006);
  if (code === 'TOO_MANY_FACES') return faceError(8018);
  return FAILED_TO_READ_IMAGE;
}

function send(res: ServerResponse, answer: VerifyAnswer): void {
  // A slow responder may finish after the client gave up or the server closed: nothing to send to.
  if (res.destroyed || res.writableEnded) return;
  const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  res.writeHead(answer.status, { ...answer.headers, 'content-type': 'application/json; charset=utf-8' });
  res.end(text);
}

/** The parsed multipart body; null when the body is not multipart or does not parse. */
async function readForm(req: IncomingMessage, origin: string): Promise<FormData | null> {
  const contentType = req.headers['content-type'];
  if (!contentType?.toLowerCase().startsWith('multipart/form-data')) {
    req.resume();
    return null;
  }
  const request = new Request(`${origin}${req.url ?? '/'}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: Readable.toWeb(req) as ReadableStream<Uint8Array>,
    duplex: 'half',
  } as RequestInit);
  try {
    return await request.formData();
  } catch {
    return null;
  }
}

/** The first file in a form, preferring the expected field. */
function pickFile(form: FormData | null, preferredField: string): { field: string; file: File } | null {
  if (!form) return null;
  const preferred = form.get(preferredField);
  if (preferred instanceof File) return { field: preferredField, file: preferred };
  for (const [field, value] of form.entries()) {
    if (value instanceof File) return { field, file: value };
  }
  return null;
}

/** A text field of a form, if present and not empty. */
function textField(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

interface GalleryFace {
  faceId: string;
  user: EnrolledUser;
  descriptor: Float32Array;
}

type FaceModule = typeof import('../../electron/core/face/face-embedder');
type Embedder = Awaited<ReturnType<FaceModule['FaceEmbedder']['load']>>;

/** face-api, its models and the wasm backend load on the first face decision, once per process. */
async function loadFaces(): Promise<{ face: FaceModule; embedder: Embedder }> {
  const face = await import('../../electron/core/face/face-embedder');
  return { face, embedder: await face.FaceEmbedder.load() };
}

/**
 * Confidence reported for a match at this distance: 1 for identical descriptors, 0.5 exactly at the
 * largest matching distance, falling to 0 at twice that. So every match clears the kiosk's default
 * minConfidence (0.5) and a closer face reports more; FACEKI does not publish its own scale.
 */
export function confidenceFromDistance(distance: number, maxDistance: number): number {
  return Math.min(1, Math.max(0, 1 - distance / (2 * maxDistance)));
}

export async function startFakeFaceki(options: FakeFacekiOptions = {}): Promise<FakeFaceki> {
  const clientId = options.clientId ?? 'test-client';
  const clientSecret = options.clientSecret ?? 'test-secret';
  const ttl = options.tokenTtlSeconds ?? 3600;
  const imageField = options.imageField ?? 'image';
  const tokens = new Map<string, { exp: number; revoked: boolean }>();
  const gallery: GalleryFace[] = [];
  const verifyRequests: RecordedVerify[] = [];
  const enrollRequests: RecordedEnroll[] = [];
  const redirects = new Map<RedirectRoute, { origin: string; status: number }>();
  let issued = 0;
  let received = 0;
  let lastMatchMs: number | undefined;
  let origin = '';

  /** Runs a face decision, timing it (model loading included) into lastMatchMs. */
  const timed = async <T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> => {
    const started = performance.now();
    const result = await work();
    const ms = performance.now() - started;
    lastMatchMs = ms;
    return { result, ms };
  };

  const enroll = async (user: EnrolledUser, image: Uint8Array): Promise<EnrollResult> => {
    const { face, embedder } = await loadFaces();
    const description = await embedder.describe(image);
    if (description.kind === 'error') return { kind: 'error', code: description.code };
    // No await between this check and the push: two concurrent enrolments of one face cannot both win.
    const nearest = nearestFaces(face, description.descriptor, face.SAME_PERSON_MAX_DISTANCE)[0];
    if (nearest) return { kind: 'already-registered', faceId: nearest.entry.faceId, userId: nearest.entry.user.userId };
    const faceId = randomUUID();
    gallery.push({ faceId, user: { ...user }, descriptor: description.descriptor });
    return { kind: 'enrolled', faceId, userId: user.userId };
  };

  /** Enrolled faces within maxDistance of a descriptor, nearest first. */
  const nearestFaces = (face: FaceModule, descriptor: Float32Array, maxDistance: number) =>
    gallery
      .map((entry) => ({ entry, distance: face.faceDistance(entry.descriptor, descriptor) }))
      .filter((c) => c.distance <= maxDistance)
      .sort((a, b) => a.distance - b.distance);

  const matchByFace =
    (options: MatchByFaceOptions = {}): VerifyResponder =>
    async (req) => {
      const { result: answer, ms } = await timed(async (): Promise<VerifyAnswer> => {
        const { face, embedder } = await loadFaces();
        const maxDistance = options.maxDistance ?? face.SAME_PERSON_MAX_DISTANCE;
        const description = await embedder.describe(req.bytes);
        if (description.kind === 'error') return faceErrorAnswer(description.code);
        const candidates = nearestFaces(face, description.descriptor, maxDistance);
        // One person enrolled with several faces is still one person: answer with the nearest face.
        const people = new Set(candidates.map((c) => c.entry.user.userId));
        const [best] = candidates;
        if (!best) return noMatch();
        if (people.size > 1) return ambiguous(candidates.map((c) => c.entry.faceId));
        const confidence = confidenceFromDistance(best.distance, maxDistance);
        return grantFor({ ...best.entry.user, faceId: best.entry.faceId, confidence });
      });
      return { ...answer, headers: { ...answer.headers, [MATCH_MS_HEADER]: ms.toFixed(1) } };
    };

  // Until a face is enrolled, every face "matches nobody" without loading the models at all.
  const byGallery = matchByFace();
  let responder: VerifyResponder = (req) => (gallery.length > 0 ? byGallery(req) : noMatch());

  const tokenIsValid = (authorization: string | undefined): boolean => {
    const match = /^Bearer (.+)$/.exec(authorization ?? '');
    const entry = match?.[1] ? tokens.get(match[1]) : undefined;
    return !!entry && !entry.revoked && entry.exp * 1000 > Date.now();
  };

  const handleToken = (url: URL, res: ServerResponse): void => {
    const id = url.searchParams.get('clientId');
    if (!id) {
      return send(res, { status: 422, body: { status: false, message: 'client id is required', statusCode: 422 } });
    }
    if (id !== clientId || url.searchParams.get('clientSecret') !== clientSecret) {
      return send(res, { status: 401, body: { responseCode: 401, message: 'Invalid client credentials' } });
    }
    const { token, exp } = makeJwt(id, ttl);
    tokens.set(token, { exp, revoked: false });
    issued += 1;
    send(res, {
      status: 200,
      body: { responseCode: 0, data: { access_token: token, expires_in: ttl, token_type: 'Bearer' } },
    });
  };

  const handleVerify = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const authorization = req.headers.authorization;
    if (!tokenIsValid(authorization)) {
      req.resume(); // the service refuses before reading the upload; drain it so the socket stays usable
      return send(res, { status: 401, body: { responseCode: 401, message: 'Unauthorized' } });
    }
    const upload = pickFile(await readForm(req, origin), imageField);
    if (!upload) return send(res, FAILED_TO_READ_IMAGE);
    const bytes = new Uint8Array(await upload.file.arrayBuffer());
    const recorded: RecordedVerify = {
      authorization,
      field: upload.field,
      filename: upload.file.name || undefined,
      mime: upload.file.type,
      bytes,
    };
    verifyRequests.push(recorded);
    // A file in another field is, for the service, no image at all.
    if (upload.field !== imageField || sniffImage(bytes) === null) return send(res, FAILED_TO_READ_IMAGE);
    send(res, await responder(recorded));
  };

  /** On-prem FACEKI's enrol: multipart `image`, here with optional userId, name, email and language fields. */
  const handleEnroll = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const form = await readForm(req, origin);
    const fields: Record<string, string> = {};
    for (const [key, value] of form?.entries() ?? []) if (typeof value === 'string') fields[key] = value;
    enrollRequests.push({ authorization: req.headers.authorization, fields });
    const upload = pickFile(form, 'image');
    if (!form || !upload || upload.field !== 'image') return send(res, FAILED_TO_READ_IMAGE);
    const bytes = new Uint8Array(await upload.file.arrayBuffer());
    if (sniffImage(bytes) === null) return send(res, FAILED_TO_READ_IMAGE);
    const user: EnrolledUser = { userId: textField(form, 'userId') ?? randomUUID() };
    for (const key of ['name', 'email', 'language'] as const) {
      const value = textField(form, key);
      if (value !== undefined) user[key] = value;
    }
    const { result, ms } = await timed(() => enroll(user, bytes));
    const answer: VerifyAnswer =
      result.kind === 'error'
        ? faceErrorAnswer(result.code)
        : result.kind === 'enrolled'
          ? { status: 200, body: { response: 'Enrolled', faceId: result.faceId } }
          : { status: 200, body: { response: 'Already Registered' } };
    send(res, { ...answer, headers: { [MATCH_MS_HEADER]: ms.toFixed(1) } });
  };

  const server = createServer((req, res) => {
    received += 1;
    const url = new URL(req.url ?? '/', origin);
    const route = `${req.method} ${url.pathname}`;
    const redirected = redirects.get(
      route === 'GET /auth/api/access-token' ? 'token' : route === 'POST /verify' ? 'verify' : ('' as RedirectRoute),
    );
    if (redirected) {
      req.resume();
      res.writeHead(redirected.status, { location: `${redirected.origin}${req.url ?? '/'}` });
      return res.end();
    }
    const work =
      route === 'GET /auth/api/access-token'
        ? Promise.resolve(handleToken(url, res))
        : route === 'POST /verify'
          ? handleVerify(req, res)
          : route === 'POST /enroll'
            ? handleEnroll(req, res)
            : Promise.resolve(send(res, { status: 404, body: { message: `no route ${route}` } }));
    work.catch((error: unknown) => send(res, { status: 500, body: { message: String(error) } }));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    tokenUrl: `${origin}/auth/api/access-token`,
    verifyUrl: `${origin}/verify`,
    enrollUrl: `${origin}/enroll`,
    clientId,
    clientSecret,
    verifyRequests,
    enrollRequests,
    get tokenRequests() {
      return issued;
    },
    setVerifyResponder(fn) {
      responder = fn;
    },
    async enroll(user, image) {
      return (await timed(() => enroll(user, image))).result;
    },
    matchByFace,
    get lastMatchMs() {
      return lastMatchMs;
    },
    revokeTokens() {
      for (const entry of tokens.values()) entry.revoked = true;
    },
    get requestCount() {
      return received;
    },
    redirect(route, targetOrigin, status = 302) {
      if (targetOrigin === null) redirects.delete(route);
      else redirects.set(route, { origin: targetOrigin, status });
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive sockets and requests held by a slow responder would keep close() waiting.
        server.closeAllConnections();
      });
    },
  };
}

/** One request that reached a RequestTrap. */
export interface TrappedRequest {
  method: string;
  /** Path and query, as sent (a client secret in the query shows here). */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A second listener on 127.0.0.1 that answers 200 to anything and keeps what it was sent. */
export interface RequestTrap {
  origin: string;
  hits: TrappedRequest[];
  close(): Promise<void>;
}

/**
 * Where a redirect of the fake points: a place nothing of the kiosk's may reach. On 127.0.0.1, since
 * tests touch no other network; in the field it would be a plain-http host the URL policy refuses.
 */
export async function startRequestTrap(): Promise<RequestTrap> {
  const hits: TrappedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      hits.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ responseCode: 0, data: { access_token: 'trap', expires_in: 3600 } }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

const hexId = (): string => randomBytes(12).toString('hex');

/** A "Login Success." answer as in the seed document, for one enrolled person. */
export function grantFor(user: {
  userId: string;
  name?: string;
  email?: string;
  language?: string;
  faceId?: string;
  confidence?: number;
}): VerifyAnswer {
  const faceId = user.faceId ?? randomUUID();
  // FACEKI's signup stores firstName/lastName; the seed's user has neither, so only send them when named.
  const [firstName, ...rest] = (user.name ?? '').split(' ');
  const now = new Date().toISOString();
  return {
    status: 200,
    body: {
      responseCode: 0,
      data: {
        logedIn: true,
        all_face_ids: [faceId],
        user: {
          _id: hexId(),
          userId: user.userId,
          companyId: randomUUID(),
          userType: 'Member',
          email: user.email ?? '',
          language: user.language ?? '',
          roleID: 'Member',
          status: 'ACTIVE',
          blockStatus: 'UNBLOCKED',
          selfieImage: `https://faceki-kyc-images.s3.amazonaws.com/faces/${hexId()}.jpeg`,
          faceID: faceId,
          imageID: randomUUID(),
          createdAt: now,
          updatedAt: now,
          __v: 0,
          ...(user.name && { firstName, lastName: rest.join(' ') }),
          ...(user.confidence !== undefined && { confidence: user.confidence }),
        },
        packageInfo: {
          subscription: { _id: hexId(), subscriptionStatus: 'ACTIVE', availableCredit: 9999, allowExcessiveUse: false },
          subscriptionUsage: { _id: hexId(), subscriptionLimit: 10000, subscriptionUsage: 4 },
        },
      },
      message: 'Login Success.',
    },
  };
}

/** A face was found but matches nobody enrolled. */
export function noMatch(): VerifyAnswer {
  return {
    status: 200,
    body: { responseCode: 0, data: { logedIn: false, all_face_ids: [], user: null }, message: 'User not found.' },
  };
}

/** Several enrolled faces match (FACEKI's SDK would show a picker; a door must deny). */
export function ambiguous(ids: string[]): VerifyAnswer {
  return {
    status: 200,
    body: { responseCode: 0, data: { logedIn: true, all_face_ids: ids, user: null }, message: 'Login Success.' },
  };
}

/** The current SDKs' error form: a numeric responseCode (8008 FACE_TOO_SMALL, 8018 TOO_MANY_FACES, ...). */
export function faceError(responseCode: number, status = 400): VerifyAnswer {
  return { status, body: { responseCode, message: `face check failed (${responseCode})` } };
}

/** The older endpoint's error form: {error, error_code} with the seed's string codes. */
export function stringError(code: string, status = 400): VerifyAnswer {
  return { status, body: { error: code, error_code: code } };
}

/**
 * Options for the production FacekiClient pointed at a fake server, as every test that talks to one
 * needs them; `over` changes what a test is about (a timeout, a URL, a clock).
 */
export function clientOptionsFor(server: FakeFaceki, over: Partial<FacekiOptions> = {}): FacekiOptions {
  return {
    verifyUrl: server.verifyUrl,
    tokenUrl: server.tokenUrl,
    clientId: server.clientId,
    clientSecret: server.clientSecret,
    imageField: 'image',
    timeoutMs: 5_000,
    ...over,
  };
}
