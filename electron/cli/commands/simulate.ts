import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import type { Decision } from '../../common/decision';
import { createFaultedRuntime, createKioskServices, startupFault, type KioskRuntime } from '../../core/kiosk-services';
import { createLogger } from '../../core/logger';
import { resolveDataDir } from '../../core/settings/settings-file';
import { CodedError } from '../../core/ipc/dispatcher';
import { checkCameraFile } from '../camera-file';
import { checkServiceFlags, resolveCliContext, type ServiceFlagValues } from '../cli-context';
import { COMMAND_TABLE } from '../command-table';
import { wholeNumberFlag } from '../flag-values';
import { restOnStopSignals } from '../stop-signals';
import { enrolInGallery, personDetails, readEnrolImages, type Enrolment } from './enroll';
import { exitFor, parseCommandArgs, version, type Command } from './shared';
import { startKioskHost, type KioskHost } from '../kiosk-host';
import { screenPrinter, simulatedState, summaryLines, type SimulatedState } from '../simulate-output';

export interface SimulateOptions extends ServiceFlagValues {
  camera: string;
  screenshot?: string | undefined;
  json: boolean;
  waitMs: number;
  version: string;
}

export interface SimulateReport {
  /** Every report, raw and shown (see simulate-output.ts), in the order they came. */
  states: SimulatedState[];
  decision: Decision | null;
  screenshot: string | null;
  problems: string[];
  /** What ended the run: a decision, the kiosk's fault screen, or --wait-ms running out. */
  ended: 'decision' | 'fault' | 'timeout';
  /** When it ended, from the start of the run. */
  elapsedMs: number;
}

/**
 * Runs the built kiosk in headless Chromium with a video file for its camera and the real core
 * services in this process, prints each change of what the screen shows, and stops at the first
 * decision (or fault).
 */
export async function simulate(options: SimulateOptions, print: (line: string) => void): Promise<SimulateReport> {
  const dataDir = resolveDataDir(options['data-dir']);
  const log = createLogger(dataDir);
  let services: KioskRuntime;
  // Service-status events reach the page once it exists.
  let hostRef: KioskHost | null = null;
  try {
    const context = resolveCliContext(options);
    services = createKioskServices({
      ...context,
      log,
      version: options.version,
      emit: (e, p) => void hostRef?.binding.emit(e, p).catch(() => {}),
    });
  } catch (error) {
    // As in Electron: a kiosk that cannot start its services shows why, on screen.
    services = createFaultedRuntime(startupFault(error), log);
  }
  const report: SimulateReport = {
    states: [],
    decision: null,
    screenshot: null,
    problems: [],
    ended: 'timeout',
    elapsedMs: 0,
  };
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);

  let ended = false;
  let finish: (how: SimulateReport['ended']) => void = () => {};
  const finished = new Promise<void>(
    (resolve) =>
      (finish = (how) => {
        if (ended) return;
        ended = true;
        report.ended = how;
        report.elapsedMs = elapsed();
        resolve();
      }),
  );
  const originalSubmit = services.handlers.submitFrame;
  services.handlers.submitFrame = async (request) => {
    const decision = await originalSubmit(request);
    report.decision = decision;
    return decision;
  };
  const screenLine = screenPrinter();
  services.onState((request) => {
    const state = simulatedState(request, elapsed());
    report.states.push(state);
    const line = options.json ? null : screenLine(state);
    if (line) print(line);
    if (state.state === 'result' || state.state === 'fault') finish(state.state === 'fault' ? 'fault' : 'decision');
  });

  // Ctrl-C, SIGTERM or SIGHUP: the services first (that rests a relay a grant may hold open), then Chromium.
  const release = restOnStopSignals(async () => {
    await services.close();
    await hostRef?.close();
  });
  let host: KioskHost;
  try {
    host = await startKioskHost({
      services,
      cameraFile: resolve(options.camera),
      onPageProblem: (message) => report.problems.push(message),
      handleSignals: false,
    });
  } catch (error) {
    await services.close();
    release();
    throw error;
  }
  hostRef = host;
  try {
    const timer = setTimeout(() => finish('timeout'), options.waitMs);
    await finished;
    clearTimeout(timer);
    if (options.screenshot) {
      // The state is reported right after the screen is drawn; give the browser a frame to paint it.
      await host.page
        .waitForFunction(
          () => document.body.dataset.state === 'result' || document.body.dataset.state === 'fault',
          null,
          {
            timeout: 5_000,
          },
        )
        .catch(() => {});
      report.screenshot = resolve(options.screenshot);
      await host.page.screenshot({ path: report.screenshot });
    }
  } finally {
    await host.close();
    await services.close();
    release();
  }
  if (!options.json) for (const line of summaryLines(report, options.waitMs)) print(line);
  return report;
}

/**
 * --enroll's command line: the photos, and a name (--name, else the first photo's file name). It runs
 * in a temporary data folder on the local gallery, so --data-dir and another --verifier are refused
 * rather than quietly ignored.
 */
function enrolRequest(
  values: { enroll?: boolean; name?: string; 'data-dir'?: string; verifier?: string },
  photos: string[],
) {
  if (!values.enroll) {
    if (photos.length > 0) {
      throw new CodedError('INVALID_REQUEST', `simulate takes photos only with --enroll: ${photos.join(' ')}`);
    }
    if (values.name !== undefined) throw new CodedError('INVALID_REQUEST', '--name goes with --enroll <photos...>');
    return null;
  }
  if (photos.length === 0)
    throw new CodedError('INVALID_REQUEST', 'simulate --enroll needs photos: --enroll <photos...>');
  if (values['data-dir'] !== undefined) {
    throw new CodedError(
      'INVALID_REQUEST',
      '--enroll runs in a temporary data folder, not --data-dir: enrol there with facegate enroll, then simulate --data-dir',
    );
  }
  if (values.verifier !== undefined && values.verifier !== 'local') {
    throw new CodedError('INVALID_REQUEST', '--enroll enrols into the local gallery: it runs with --verifier local');
  }
  const first = photos[0]!;
  return { photos, details: personDetails({ ...values, name: values.name ?? basename(first, extname(first)) }) };
}

/**
 * `facegate simulate [--enroll <photos...> [--name N]] --camera <file.y4m> [--screenshot out.png]
 * [--json] [--wait-ms N]`.
 */
export const simulateCommand: Command = async (args, io) => {
  const { values, positionals } = parseCommandArgs({
    args,
    options: COMMAND_TABLE.simulate.options,
    allowPositionals: true,
    strict: true,
  });
  // The command line is checked whole before Chromium or any service starts.
  if (!values.camera) throw new CodedError('INVALID_REQUEST', 'simulate needs --camera <file.y4m>');
  checkServiceFlags(values);
  const waitMs = wholeNumberFlag('wait-ms', values['wait-ms'] ?? '90000');
  if (waitMs < 1) throw new CodedError('INVALID_REQUEST', '--wait-ms must be at least 1');
  checkCameraFile(resolve(values.camera));
  const enrol = enrolRequest(values, positionals);
  const images = enrol ? await readEnrolImages(enrol.photos) : [];
  const scratch = enrol ? mkdtempSync(join(tmpdir(), 'facegate-simulate-')) : null;
  try {
    const flags = scratch ? { ...values, 'data-dir': scratch, verifier: 'local' } : values;
    let enrolled: Enrolment | null = null;
    if (enrol) {
      enrolled = await enrolInGallery(resolveCliContext(flags), enrol.details, images);
      const { person } = enrolled;
      if (!values.json) {
        io.print(`enrolled: ${person.id} ${person.name}, ${person.templates} template(s), in a temporary data folder`);
      }
    }
    const report = await simulate(
      { ...flags, camera: values.camera, json: values.json ?? false, waitMs, version: version() },
      (line) => io.print(line),
    );
    if (values.json) io.print(JSON.stringify(enrolled ? { ...report, enrolled } : report, null, 2));
    return exitFor(report.decision?.decision);
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
};
