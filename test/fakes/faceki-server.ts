import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';

/**
 * A FACEKI-compatible verify service on 127.0.0.1, for tests and the simulator. It speaks real HTTP
 * and parses real multipart bodies, so the client under test goes through undici, FormData and JSON
 * exactly as it would against sdkbio.faceki.com. Shapes follow docs/seed-verify-api.txt and
 * docs/FACEKI.md; the verdict of each /verify call comes from a responder the test sets.
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

export interface VerifyAnswer {
  status: number;
  /** A string is sent verbatim (to play a broken server); anything else as JSON. */
  body: unknown;
}

export type VerifyResponder = (req: RecordedVerify) => VerifyAnswer | Promise<VerifyAnswer>;

export interface FakeFaceki {
  origin: string;
  tokenUrl: string;
  verifyUrl: string;
  enrollUrl: string;
  clientId: string;
  clientSecret: string;
  verifyRequests: RecordedVerify[];
  /** How many tokens were issued (refused credential requests do not count). */
  readonly tokenRequests: number;
  setVerifyResponder(fn: VerifyResponder): void;
  /** Every token issued so far is refused from now on, as after a key rotation on the service side. */
  revokeTokens(): void;
  close(): Promise<void>;
}

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

function send(res: ServerResponse, answer: VerifyAnswer): void {
  // A slow responder may finish after the client gave up or the server closed: nothing to send to.
  if (res.destroyed || res.writableEnded) return;
  const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(text);
}

/** The first file in a multipart body, preferring the expected field; null when the body is not multipart. */
async function readFile(
  req: IncomingMessage,
  origin: string,
  preferredField: string,
): Promise<{ field: string; file: File } | null> {
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
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return null;
  }
  const preferred = form.get(preferredField);
  if (preferred instanceof File) return { field: preferredField, file: preferred };
  for (const [field, value] of form.entries()) {
    if (value instanceof File) return { field, file: value };
  }
  return null;
}

export async function startFakeFaceki(options: FakeFacekiOptions = {}): Promise<FakeFaceki> {
  const clientId = options.clientId ?? 'test-client';
  const clientSecret = options.clientSecret ?? 'test-secret';
  const ttl = options.tokenTtlSeconds ?? 3600;
  const imageField = options.imageField ?? 'image';
  const tokens = new Map<string, { exp: number; revoked: boolean }>();
  const enrolled = new Map<string, string>();
  const verifyRequests: RecordedVerify[] = [];
  let issued = 0;
  let responder: VerifyResponder = () => noMatch();
  let origin = '';

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
    const upload = await readFile(req, origin, imageField);
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

  const handleEnroll = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const upload = await readFile(req, origin, 'image');
    if (!upload || upload.field !== 'image') return send(res, FAILED_TO_READ_IMAGE);
    const bytes = new Uint8Array(await upload.file.arrayBuffer());
    if (sniffImage(bytes) === null) return send(res, FAILED_TO_READ_IMAGE);
    // "The same face" is approximated by the same bytes: enough to exercise the two documented answers.
    const key = createHash('sha256').update(bytes).digest('hex');
    if (enrolled.has(key)) return send(res, { status: 200, body: { response: 'Already Registered' } });
    const faceId = randomUUID();
    enrolled.set(key, faceId);
    send(res, { status: 200, body: { response: 'Enrolled', faceId } });
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    const route = `${req.method} ${url.pathname}`;
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
    get tokenRequests() {
      return issued;
    },
    setVerifyResponder(fn) {
      responder = fn;
    },
    revokeTokens() {
      for (const entry of tokens.values()) entry.revoked = true;
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
