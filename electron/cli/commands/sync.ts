import { resolveCliContext } from '../cli-context';
import { COMMAND_TABLE } from '../command-table';
import { createCliServices, parseCommandArgs, type Command } from './shared';

/** `facegate sync`: resolve the attempts queued while the service was unreachable, now. */
export const syncCommand: Command = async (args, io) => {
  const { values } = parseCommandArgs({ args, options: COMMAND_TABLE.sync.options });
  const context = resolveCliContext(values);
  const services = createCliServices(context);
  try {
    const report = await services.sync.run();
    if (values.json) io.print(JSON.stringify(report));
    else {
      io.print(
        `resolved: ${report.resolved}  unresolved (no image kept): ${report.unresolved}  still queued: ${report.remaining}`,
      );
      if (report.stoppedBecause) io.print(`stopped: ${report.stoppedBecause}`);
    }
    return report.stoppedBecause ? 2 : 0;
  } finally {
    await services.close();
  }
};
