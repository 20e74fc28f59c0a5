// Child process for the crash test: fires attempts at the fake service, four at a time, forever,
// and prints "answered <attemptId> <decision>" the moment each decision is returned to its caller.
// The parent kills it with SIGKILL mid-burst and checks the database for every answered attempt.
import { parseArgs } from 'node:util';
import { cliSecretStore } from '../../electron/cli/cli-context';
import { settingsSchema } from '../../electron/common/settings';
import { createKioskServices } from '../../electron/core/kiosk-services';
import { createLogger } from '../../electron/core/logger';
import { NoRelay } from '../../electron/core/relay/door-relay';
import { readFixture } from './fixtures';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    'verify-url': { type: 'string' },
    'token-url': { type: 'string' },
    'client-id': { type: 'string' },
    'client-secret': { type: 'string' },
  },
});
const dataDir = values['data-dir']!;
const services = createKioskServices({
  settings: settingsSchema.parse({
    verifier: { verifyUrl: values['verify-url'], tokenUrl: values['token-url'], clientId: values['client-id'] },
  }),
  dataDir,
  clientSecret: values['client-secret']!,
  secrets: cliSecretStore(dataDir),
  log: createLogger(null),
  version: 'burst',
  relay: new NoRelay(),
  housekeeping: false,
});
const photo = readFixture('obama-2.jpg');

async function worker(): Promise<never> {
  for (;;) {
    const d = await services.controller.attempt(photo, 'image/jpeg', { source: 'cli', openDoor: false });
    process.stdout.write(`answered ${d.attemptId} ${d.decision}\n`);
  }
}

await Promise.all([worker(), worker(), worker(), worker()]);
