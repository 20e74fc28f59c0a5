import type { EnrolRequest, PersonView } from '../../common/admin-contract';
import type { ImageMime } from '../../common/contract';
import type { Settings } from '../../common/settings';
import type { VerifierMode } from '../../common/verifier-mode';
import { enrolLocal, type FaceEmbedderLike } from '../gallery/enrolment';
import type { Gallery } from '../gallery/gallery';
import { CodedError, type AdminHandlers } from '../ipc/dispatcher';
import type { Logger } from '../logger';
import type { SecretStore } from '../secrets/secret-store';
import { FacekiClient, type EnrolDetails, type EnrolResult } from '../verifier/faceki-client';
import { sealedTokenStore } from '../verifier/sealed-token-store';

/**
 * The admin screen's People section: who the kiosk recognises on its own, enrolment from a few
 * camera frames, and forgetting (right to erasure). Main computes every template from the frames
 * itself (enrolment.ts); the renderer only ever sends images. With FACEKI as the verifier ('faceki'
 * or 'hybrid'), an enrolment goes to FACEKI instead: the local gallery of a hybrid kiosk is filled
 * from FACEKI's own grants, never from here.
 */
export interface PeopleContext {
  /** The effective verifier mode of the settings in force (verifier-mode.ts). */
  mode(): VerifierMode;
  /**
   * The gallery the running kiosk matches against: the same instance, so an enrolment counts at the
   * next attempt without a restart. Null when none is open (services not started, or a FACEKI kiosk).
   */
  gallery(): Gallery | null;
  embedder(): Promise<FaceEmbedderLike>;
  local(): Settings['local'];
  /** FACEKI's enrol endpoint (FacekiClient.enroll), for 'faceki' and 'hybrid'. */
  enrollRemote(image: Uint8Array, mime: ImageMime, details: EnrolDetails): Promise<EnrolResult>;
  log: Logger;
  now?: () => Date;
}

export type PeopleHandlers = Pick<AdminHandlers, 'adminPeopleList' | 'adminPeopleEnroll' | 'adminPeopleForget'>;

function openGallery(ctx: PeopleContext): Gallery {
  const gallery = ctx.gallery();
  if (!gallery) throw new CodedError('STORAGE_FAILED', 'the gallery is not open (see the kiosk fault)');
  return gallery;
}

async function loadEmbedder(ctx: PeopleContext): Promise<FaceEmbedderLike> {
  try {
    return await ctx.embedder();
  } catch (error) {
    throw new CodedError('FAILED_TO_READ_MODEL', `the face embedder did not load: ${(error as Error).message}`);
  }
}

const detailsOf = (request: EnrolRequest): EnrolDetails & { language?: string } => ({
  name: request.name,
  ...(request.email && { email: request.email }),
  ...(request.language && { language: request.language }),
});

export function createPeopleHandlers(ctx: PeopleContext): PeopleHandlers {
  const now = ctx.now ?? (() => new Date());
  return {
    adminPeopleList: () => {
      const gallery = ctx.gallery();
      return {
        mode: ctx.mode(),
        people: gallery?.people() ?? [],
        otherModelTemplates: gallery?.size().otherModelTemplates ?? 0,
      };
    },

    adminPeopleEnroll: async (request): Promise<PersonView> => {
      const mode = ctx.mode();
      const details = detailsOf(request);
      if (mode !== 'local') {
        // One frame is enough for FACEKI (it keeps its own templates); the first passed the gate first.
        const [frame] = request.frames;
        const result = await ctx.enrollRemote(frame!.image, frame!.mime, details);
        ctx.log.info({ userId: result.userId, mode }, 'person enrolled with FACEKI from the admin screen');
        return {
          id: result.userId,
          name: details.name,
          email: details.email ?? null,
          language: details.language ?? null,
          createdAt: now().toISOString(),
          source: 'faceki',
          templates: 0,
          lastGrantedAt: null,
        };
      }
      const gallery = openGallery(ctx);
      const embedder = await loadEmbedder(ctx);
      const labels = request.frames.map((_, i) => `frame ${i + 1}`);
      try {
        const person = await enrolLocal(
          gallery,
          embedder,
          ctx.local(),
          details,
          request.frames.map((f) => f.image),
          labels,
        );
        // The id, not the name: the operator log is no register of people.
        ctx.log.info({ personId: person.id, templates: person.templates }, 'person enrolled from the admin screen');
        return person;
      } catch (error) {
        // The code only: the message may name the person the face already belongs to.
        if (error instanceof CodedError) ctx.log.warn({ code: error.code }, 'enrolment refused');
        throw error;
      }
    },

    adminPeopleForget: ({ id }) => {
      if (!openGallery(ctx).forget(id)) throw new CodedError('PERSON_NOT_FOUND', `no person ${id} in the gallery`);
      ctx.log.info({ personId: id }, 'person forgotten from the admin screen');
      return null;
    },
  };
}

/**
 * FACEKI's enrol with the settings and secret in force, built per call like "test connection": the
 * door's own client lives inside its retry/breaker stack, and an enrolment is never retried.
 */
export function facekiEnroller(
  settings: () => Settings,
  clientSecret: () => string,
  secrets: SecretStore,
  fetchImpl?: typeof fetch,
): PeopleContext['enrollRemote'] {
  return (image, mime, details) => {
    const v = settings().verifier;
    const secret = clientSecret();
    const client = new FacekiClient({
      ...v,
      clientSecret: secret,
      ...(fetchImpl && { fetch: fetchImpl }),
      tokenStore: sealedTokenStore(secrets, v.tokenUrl, v.clientId, secret),
    });
    return client.enroll(image, mime, details);
  };
}
