import type { AttemptLog } from './attempt-log';
import type { ImageVault } from './image-vault';

export interface RetentionPolicy {
  attemptDays: number;
}

/** Deletes attempt rows past their retention and kept images past their expiry. */
export function purgeExpired(
  attempts: AttemptLog,
  images: ImageVault,
  policy: RetentionPolicy,
  now: Date,
): { attempts: number; images: number } {
  const cutoff = new Date(now.getTime() - policy.attemptDays * 86_400_000).toISOString();
  // Images first: they are the sensitive part, and attempt deletion cascades to them anyway.
  const imageCount = images.purgeExpired(now.toISOString());
  return { attempts: attempts.purgeOlderThan(cutoff), images: imageCount };
}
