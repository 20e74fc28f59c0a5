import { resolve } from 'node:path';
import type { ReportStateRequest } from '../../common/contract';
import type { Decision } from '../../common/decision';
import { createFaultedRuntime, createKioskServices, startupFault, type KioskRuntime } from '../../core/kiosk-services';
import { createLogger } from '../../core/logger';
import { resolveDataDir } from '../../core/settings/settings-file';
import { CodedError } from '../../core/ipc/dispatcher';
import { resolveCliContext, serviceFlags, type ServiceFlagValues } from '../cli-context';
import { exitFor, parseCommandArgs, version, type Command } from './shared';
import { startKioskHost, type KioskHost } from '../kiosk-host';

export interface SimulateOptions extends ServiceFlagValues {
  camera: string;
  screenshot?: string | undefined;
  json: boolean;
  waitMs: number;
  version: string;
}

export interface SimulateReport {
  states: Array<ReportStateRequest & { atMs: number }>;
  decision: Decision | null;
  screenshot: string | null;
  problems: string[];
}

/**
 * Runs the built kiosk in headless Chromium with a video file for its camera and the real core
 * services in this process, prints every state change, and stops at the first decision (or fault).
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
  const report: SimulateReport = { states: [], decision: null, screenshot: null, problems: [] };
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);

  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const originalSubmit = services.handlers.submitFrame;
  services.handlers.submitFrame = async (request) => {
    const decision = await originalSubmit(request);
    report.decision = decision;
    return decision;
  };
  services.onState((state) => {
    report.states.push({ ...state, atMs: elapsed() });
    if (!options.json)
      print(`${String(elapsed()).padStart(6)} ms  ${state.state}${state.code ? ` ${state.code}` : ''}`);
    if (state.state === 'result' || state.state === 'fault') finish();
  });

  let host: KioskHost;
  try {
    host = await startKioskHost({
      services,
      cameraFile: resolve(options.camera),
      onPageProblem: (message) => report.problems.push(message),
    });
  } catch (error) {
    await services.close();
    throw error;
  }
  hostRef = host;
  try {
    const timer = setTimeout(finish, options.waitMs);
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
  }
  if (!options.json) {
    const d = report.decision;
    print(
      d
        ? `decision: ${d.decision} ${d.code}${d.user ? ` user=${d.user.userId}${d.user.name ? ` (${d.user.name})` : ''}` : ''} ` +
            `online=${d.online} door=${d.doorOpened ? 'opened' : 'shut'} attempt=${d.attemptId} latency=${d.latencyMs} ms`
        : `no decision within ${options.waitMs} ms`,
    );
    for (const problem of report.problems) print(`problem: ${problem}`);
    if (report.screenshot) print(`screenshot: ${report.screenshot}`);
  }
  return report;
}

/** `facegate simulate --camera <file.y4m> [--screenshot out.png] [--json] [--wait-ms N]`. */
export const simulateCommand: Command = async (args, io) => {
  const { values } = parseCommandArgs({
    args,
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
    (line) => io.print(line),
  );
  if (values.json) io.print(JSON.stringify(report, null, 2));
  return exitFor(report.decision?.decision);
};
