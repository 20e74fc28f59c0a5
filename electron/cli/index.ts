import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CodedError } from '../core/ipc/dispatcher';
import { packageRoot } from './package-root';
import { serviceFlags } from './service-options';
import { simulate } from './simulate';

const USAGE = `facegate <command> [options]

Commands:
  simulate --camera <file.y4m> [--screenshot out.png] [--json] [--wait-ms N]
           Run the kiosk in headless Chromium with a video file as its camera; prints each
           state change and the decision. Exit 0 granted, 1 denied, 2 error or no decision.

Options for commands that reach the verify service or the relay:
  --data-dir DIR        settings.json, database and logs (default: $FACEGATE_DATA_DIR or ~/.config/facegate)
  --verify-url U --token-url U --client-id I --client-secret S (or $FACEGATE_CLIENT_SECRET)
  --image-field F --timeout-ms N --relay-port PATH
`;

function version(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

const exitFor = (decision: string | undefined): number => (decision === 'granted' ? 0 : decision === 'denied' ? 1 : 2);

export async function main(argv: string[], print = (line: string) => console.log(line)): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    print(USAGE);
    return command ? 0 : 2;
  }
  if (command === 'simulate') {
    const { values } = parseArgs({
      args: rest,
      options: {
        ...serviceFlags,
        camera: { type: 'string' },
        screenshot: { type: 'string' },
        'wait-ms': { type: 'string' },
      },
      strict: true,
    });
    if (!values.camera) throw new CodedError('INVALID_CONFIG', 'simulate needs --camera <file.y4m>');
    const report = await simulate(
      {
        ...values,
        camera: values.camera,
        json: values.json ?? false,
        waitMs: Number(values['wait-ms'] ?? 90_000),
        version: version(),
      },
      print,
    );
    if (values.json) print(JSON.stringify(report, null, 2));
    return exitFor(report.decision?.decision);
  }
  print(`unknown command: ${command}\n\n${USAGE}`);
  return 2;
}

/** Errors reach the operator as one line with a code, never a stack trace. */
export async function runCli(argv: string[]): Promise<void> {
  try {
    process.exitCode = await main(argv);
  } catch (error) {
    const code = error instanceof CodedError ? error.code : ((error as { code?: string }).code ?? 'INTERNAL_ERROR');
    console.error(`facegate: ${code}: ${(error as Error).message}`);
    process.exitCode = 2;
  }
}
