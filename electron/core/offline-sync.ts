import type { Settings } from '../common/settings';
import type { Logger } from './logger';
import type { AttemptLog } from './storage/attempt-log';
import type { ImageVault } from './storage/image-vault';
import { verdictFor } from './verdict';
import type { Verifier } from './verifier/verifier';

export interface SyncReport {
  resolved: number;
  unresolved: number;
  /** Still queued: the service went away again mid-way. */
  remaining: number;
  stoppedBecause?: string;
}

export interface OfflineSyncDeps {
  attempts: AttemptLog;
  images: ImageVault;
  verifier: Verifier;
  access: Pick<Settings['access'], 'minConfidence' | 'offlinePolicy'>;
  log: Logger;
  clock?: () => Date;
}

/**
 * Resolves attempts made while the service was unreachable, oldest first, once each: an attempt
 * whose image was kept is verified again and the answer recorded beside the original; one without an
 * image is marked unresolved; a re-verified image is deleted at once. Nothing here opens a door: the person has long gone. If the service
 * drops again, the rest stay queued for the next run, which survives restarts (the queue is SQLite).
 */
export class OfflineSync {
  private running: Promise<SyncReport> | null = null;
  private readonly clock: () => Date;

  constructor(private readonly deps: OfflineSyncDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /** Runs a sync, or joins the one already running (two at once would verify twice). */
  run(): Promise<SyncReport> {
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async drain(): Promise<SyncReport> {
    const report: SyncReport = { resolved: 0, unresolved: 0, remaining: 0 };
    const { attempts, images, verifier, log } = this.deps;
    for (let batch = attempts.queued(50); batch.length > 0; batch = attempts.queued(50)) {
      for (const row of batch) {
        const now = this.clock().toISOString();
        const kept = images.take(row.id, now);
        if (!kept) {
          if (attempts.settleQueued(row.id, now, null)) report.unresolved += 1;
          continue;
        }
        const outcome = await verifier.verify(kept.image, kept.mime);
        const stillDown =
          outcome.kind === 'offline' ||
          (outcome.kind === 'error' && (outcome.code === 'SERVER_ERROR' || outcome.code === 'TIMEOUT'));
        if (stillDown) {
          report.stoppedBecause = outcome.kind === 'offline' ? outcome.message : outcome.code;
          report.remaining = attempts.queued(1_000_000).length;
          log.warn({ ...report }, 'offline sync stopped: service unavailable');
          return report;
        }
        const verdict = verdictFor(outcome, this.deps.access);
        const settled = attempts.settleQueued(row.id, this.clock().toISOString(), {
          decision: verdict.decision,
          code: verdict.code,
          ...(verdict.user && { userId: verdict.user.userId }),
        });
        if (settled) report.resolved += 1;
        images.discard(row.id);
      }
    }
    if (report.resolved + report.unresolved > 0) log.info({ ...report }, 'offline attempts resolved');
    return report;
  }
}
