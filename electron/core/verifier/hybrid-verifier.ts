import type { ImageMime } from '../../common/contract';
import type { VerifiedUser } from '../../common/decision';
import type { Settings } from '../../common/settings';
import type { FaceEmbedderLike } from '../face/face-embedder';
import type { Gallery } from '../gallery/gallery';
import type { Logger } from '../logger';
import { verdictFor } from '../verdict';
import { LocalVerifier } from './local-verifier';
import type { Verifier, VerifyOutcome } from './verifier';

export interface HybridVerifierOptions {
  /** FACEKI behind its retries and breaker (ResilientVerifier): 'offline' is its word for "not there". */
  online: Verifier & { close?(): void };
  gallery: Gallery;
  embedder: () => Promise<FaceEmbedderLike>;
  local: Pick<Settings['local'], 'maxDistance' | 'margin'>;
  hybrid: Settings['hybrid'];
  /** The door rule, so only what the kiosk would grant is remembered (not a low-confidence match). */
  access: Pick<Settings['access'], 'minConfidence' | 'offlinePolicy'>;
  log: Logger;
  clock?: () => Date;
}

/**
 * Templates kept per remembered FACEKI person: a few grants' frames cover the light and the angles
 * of a door; more would only grow the gallery with near-copies.
 */
export const MAX_REMEMBERED_TEMPLATES = 5;

const DAY_MS = 86_400_000;

/**
 * FACEKI first. While it is offline or its breaker is open (the ResilientVerifier answers 'offline'),
 * the local gallery decides, restricted to people FACEKI granted within hybrid.days: a grant from it
 * is tagged 'offline-local' (logged so, and not online). Anyone else gets FACEKI's offline answer,
 * queued for the offline sync as before, never a local "no match".
 *
 * Every online grant refreshes the person's last grant (Gallery.touchGrant) when the gallery holds
 * them; with hybrid.rememberGrants on (off by default: it keeps biometric templates on the kiosk), the
 * granted frame is embedded and kept as a template of a 'faceki' person whose id is FACEKI's userId.
 * That embedding runs after the answer, so nobody at the door waits for it.
 */
export class HybridVerifier implements Verifier {
  private readonly offline: LocalVerifier;
  private readonly clock: () => Date;
  /** The remembering still running, one after another (the embedder is one wasm instance anyway). */
  private pending: Promise<void> = Promise.resolve();

  constructor(private readonly opts: HybridVerifierOptions) {
    this.clock = opts.clock ?? (() => new Date());
    this.offline = new LocalVerifier({
      embedder: opts.embedder,
      gallery: opts.gallery,
      maxDistance: opts.local.maxDistance,
      margin: opts.local.margin,
      grantedSince: () => this.grantedSince(),
    });
  }

  async verify(image: Uint8Array, mime: ImageMime): Promise<VerifyOutcome> {
    const outcome = await this.opts.online.verify(image, mime);
    if (outcome.kind !== 'offline') {
      if (outcome.kind === 'match' && verdictFor(outcome, this.opts.access).decision === 'granted') {
        this.remember(outcome.user, image);
      }
      return { ...outcome, via: 'faceki' };
    }
    const local = await this.offline.verify(image, mime);
    if (local.kind === 'match') return { ...local, via: 'offline-local' };
    // Not one of the people granted lately (or not a clear face): FACEKI's own offline answer, so the
    // attempt is queued and resolved when the service is back. Never "no match": nobody asked FACEKI.
    const why =
      local.kind === 'error'
        ? `local gallery: ${local.code}`
        : local.kind === 'ambiguous'
          ? 'local gallery: ambiguous'
          : `not among the people granted in the last ${this.opts.hybrid.days} days`;
    return { ...outcome, message: `${outcome.message}; ${why}`, via: 'offline-local' };
  }

  /** Resolves when every grant seen so far is remembered (tests, and close). */
  settled(): Promise<void> {
    return this.pending;
  }

  /** Stops FACEKI's background probing; resolves once the grants being remembered are written. */
  async close(): Promise<void> {
    this.opts.online.close?.();
    await this.pending;
  }

  private grantedSince(): string {
    return new Date(this.clock().getTime() - this.opts.hybrid.days * DAY_MS).toISOString();
  }

  private remember(user: VerifiedUser, image: Uint8Array): void {
    const at = this.clock().toISOString();
    const { gallery, log } = this.opts;
    try {
      // At once, not after the embedding: FACEKI may be gone by the next person.
      if (gallery.person(user.userId)) gallery.touchGrant(user.userId, at);
    } catch (error) {
      log.error({ err: (error as Error).message }, 'hybrid: last grant not recorded');
    }
    if (!this.opts.hybrid.rememberGrants) return;
    const known = gallery.person(user.userId);
    if (known && (known.source !== 'faceki' || known.templates >= MAX_REMEMBERED_TEMPLATES)) return;
    // A copy: the caller's buffer is the attempt's, and this runs after the attempt is answered.
    const frame = image.slice();
    this.pending = this.pending
      .then(() => this.keepTemplate(user, frame, at))
      .catch((error: unknown) => log.error({ err: (error as Error).message }, 'hybrid: grant not remembered'));
  }

  private async keepTemplate(user: VerifiedUser, image: Uint8Array, at: string): Promise<void> {
    const { gallery, log } = this.opts;
    const description = await (await this.opts.embedder()).describe(image);
    if (description.kind === 'error') {
      log.warn({ userId: user.userId, code: description.code }, 'hybrid: granted frame not remembered');
      return;
    }
    // A face the gallery already gives to someone else would make both ambiguous (or worse): keep
    // nothing, and let the operator look.
    const { best } = gallery.match(description.descriptor);
    if (best && best.personId !== user.userId && best.distance <= this.opts.local.maxDistance) {
      log.warn({ userId: user.userId, matches: best.personId }, 'hybrid: granted face matches another person');
      return;
    }
    const known = gallery.person(user.userId);
    if (known) {
      if (known.templates >= MAX_REMEMBERED_TEMPLATES) return;
      gallery.addTemplates(user.userId, [description.descriptor]);
    } else {
      gallery.add(
        {
          id: user.userId,
          source: 'faceki',
          // FACEKI may not give a name; the gallery needs one, and the id is what the log shows anyway.
          name: user.name || user.email || user.userId,
          ...(user.email && { email: user.email }),
          ...(user.language && { language: user.language }),
        },
        [description.descriptor],
      );
    }
    gallery.touchGrant(user.userId, at);
    log.info({ userId: user.userId }, 'hybrid: granted face remembered for offline use');
  }
}
