import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { settingsSchema } from '../electron/common/settings';
import { cliSecretStore } from '../electron/cli/cli-context';
import { AccessController } from '../electron/core/access-controller';
import { createLogger } from '../electron/core/logger';
import { createDoorRelay } from '../electron/core/relay/door-relay';
import { AttemptLog } from '../electron/core/storage/attempt-log';
import { openDatabase } from '../electron/core/storage/database';
import { ImageVault } from '../electron/core/storage/image-vault';
import { ResultCache } from '../electron/core/storage/result-cache';
import type { Verifier } from '../electron/core/verifier/verifier';
import { startRelayPty } from '../test/fakes/relay-pty';
import { readFixture } from '../test/support/fixtures';
import { stats, type Stats } from './machine';

/**
 * From the moment the verifier hands back a match to the moment the relay's first "open" byte is
 * read on the far end of a real pseudo-terminal: the decision, the SQLite commit that must precede
 * the pulse, and the serial write. The verifier answers at once (the service is not in this figure).
 */
export async function benchGrantToRelay(n = 50): Promise<Stats> {
  const dir = mkdtempSync(join(tmpdir(), 'facegate-bench-relay-'));
  const pty = await startRelayPty(dir);
  const db = openDatabase(join(dir, 'facegate.db'));
  const settings = settingsSchema.parse({ relay: { port: pty.appPath, openMs: 200 }, access: { cooldownMs: 0 } });
  const relay = createDoorRelay(settings.relay);
  let decidedAt = 0;
  const verifier: Verifier = {
    verify: async () => {
      decidedAt = performance.now();
      return { kind: 'match', user: { userId: 'u-bench' }, confidence: 0.9 };
    },
  };
  const controller = new AccessController({
    verifier,
    relay,
    attempts: new AttemptLog(db),
    results: new ResultCache(db),
    images: new ImageVault(db, cliSecretStore(dir)),
    policy: { access: settings.access, retention: settings.retention },
    log: createLogger(null),
  });
  const photo = readFixture('obama-2.jpg');
  try {
    await relay.start();
    const samples: number[] = [];
    for (let i = 0; i < n; i++) {
      const before = (await pty.waitForBytes(4)).length;
      const attempt = controller.attempt(photo, 'image/jpeg', { source: 'kiosk', openDoor: true });
      await pty.waitForBytes(before + 1, 5_000);
      samples.push(performance.now() - decidedAt);
      await attempt;
      await relay.settle();
      await pty.waitForBytes(before + 8, 5_000);
    }
    return stats(samples);
  } finally {
    await relay.close();
    db.close();
    await pty.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
