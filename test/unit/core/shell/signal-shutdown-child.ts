// Child process for signal-shutdown.test.ts: the kiosk's services (settings, SQLite, the relay on
// the socat PTY named on the command line) with the kiosk's signal handling, holding the door open
// for 30 s. It prints "open" once the relay's "on" has reached the board; the parent then signals it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createKioskApp } from '../../../../electron/core/kiosk-app';
import { createLogger } from '../../../../electron/core/logger';
import { fileKeyCipher } from '../../../../electron/core/secrets/file-key-cipher';
import { FileSecretStore } from '../../../../electron/core/secrets/secret-store';
import { closeOnce } from '../../../../electron/core/shell/close-once';
import { setupShutdownSignals } from '../../../../electron/core/shell/shutdown-signals';

const [dataDir, relayPort] = process.argv.slice(2) as [string, string];
writeFileSync(
  join(dataDir, 'settings.json'),
  JSON.stringify({
    verifier: { verifyUrl: 'http://127.0.0.1:9/verify', tokenUrl: 'http://127.0.0.1:9/token', clientId: 'kiosk' },
    relay: { port: relayPort },
  }),
);
const log = createLogger(dataDir);
const kiosk = createKioskApp({
  dataDir,
  log,
  version: 'signal-test',
  secrets: new FileSecretStore(join(dataDir, 'secrets.json'), fileKeyCipher(join(dataDir, 'secrets.key'))),
});
setupShutdownSignals({
  process,
  close: closeOnce(() => kiosk.close(), { timeoutMs: 3_000, log }),
  exit: (code) => process.exit(code),
  log,
});

await kiosk.ready();
const services = kiosk.services();
if (!services) throw new Error(`the kiosk did not start: ${JSON.stringify(kiosk.fault())}`);
await services.relay.start();
await services.relay.pulse(30_000);
process.stdout.write('open\n');
