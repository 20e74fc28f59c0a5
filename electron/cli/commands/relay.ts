import { RELAY_PROTOCOLS, type RelaySettings } from '../../common/relay-settings';
import { CodedError } from '../../core/ipc/dispatcher';
import { SerialDoorRelay } from '../../core/relay/door-relay';
import { openSerialRelayPort, type RelayPortFactory } from '../../core/relay/relay-port';
import { relayCommands } from '../../core/relay/relay-protocols';
import { loadSettingsFile, parseSettings } from '../../core/settings/settings-file';
import { usableDataDir } from '../cli-context';
import { wholeNumberFlag } from '../flag-values';
import { listSerialPorts } from '../serial-ports';
import { restOnStopSignals } from '../stop-signals';
import { COMMAND_TABLE } from '../command-table';
import { parseCommandArgs, type Command } from './shared';

interface WireEvent {
  atMs: number;
  what: 'bytes' | 'lines';
  value: string;
}

/** Wraps the real port factory to note every command with its time, for the operator to read. */
function recordingFactory(events: WireEvent[], started: number): RelayPortFactory {
  return async (path, serial) => {
    const port = await openSerialRelayPort(path, serial);
    const at = () => Math.round(performance.now() - started);
    return {
      ...port,
      write: async (bytes) => {
        await port.write(bytes);
        events.push({
          atMs: at(),
          what: 'bytes',
          value: bytes
            .toString('hex')
            .toUpperCase()
            .replace(/(..)(?!$)/g, '$1 '),
        });
      },
      setLines: async (lines) => {
        await port.setLines(lines);
        events.push({ atMs: at(), what: 'lines', value: JSON.stringify(lines) });
      },
    };
  };
}

/** `facegate relay ports`: the serial devices this machine has (pseudo-terminals are not listed). */
async function listPorts(json: boolean, print: (line: string) => void): Promise<number> {
  const { ports, note } = await listSerialPorts();
  if (json) print(JSON.stringify(ports));
  else {
    if (note) print(`(${note})`);
    if (ports.length === 0) print('no serial devices found');
    for (const p of ports) {
      const ids = p.vendorId ? ` [${p.vendorId}:${p.productId}]` : '';
      print(`${p.path}  ${p.manufacturer ?? ''}${ids}`.trimEnd());
    }
  }
  return 0;
}

type PulseFlags = Partial<
  Record<'data-dir' | 'port' | 'protocol' | 'channel' | 'ms' | 'baud' | 'on' | 'off' | 'reply', string>
>;

/**
 * The relay settings of the data folder's settings.json with the flags on top, checked as a whole
 * (INVALID_CONFIG naming the field). A flag that is not a number where one is due is INVALID_REQUEST.
 * --protocol starts that protocol afresh: the file's channel and custom bytes belong to its own.
 */
function pulseSettings(values: PulseFlags): RelaySettings {
  const channel = wholeNumberFlag('channel', values.channel);
  const openMs = wholeNumberFlag('ms', values.ms);
  const baudRate = wholeNumberFlag('baud', values.baud);
  const file = loadSettingsFile(usableDataDir(values['data-dir'])).relay;
  const { channel: _channel, custom: _custom, ...generic } = file;
  const settings = parseSettings(
    {
      relay: {
        ...(values.protocol === undefined ? file : generic),
        ...(values.port !== undefined && { port: values.port }),
        ...(values.protocol !== undefined && { protocol: values.protocol }),
        ...(channel !== undefined && { channel }),
        ...(openMs !== undefined && { openMs }),
        ...(baudRate !== undefined && { baudRate }),
        ...(values.on !== undefined && {
          custom: { on: values.on, off: values.off, ...(values.reply !== undefined && { reply: values.reply }) },
        }),
      },
    },
    'relay pulse options',
  ).relay;
  if (!settings.port)
    throw new CodedError('INVALID_REQUEST', 'relay pulse needs --port PATH (or relay.port in settings.json)');
  return settings;
}

/**
 * `facegate relay pulse [--port PATH] [--protocol P] [--channel N] [--ms N]`: opens the port (which
 * rests the contact), pulses once, waits for the close command, and reports each command with its
 * time. A stop signal meanwhile rests the contact before the process exits.
 */
async function pulseOnce(values: PulseFlags & { json?: boolean }, print: (line: string) => void) {
  const settings = pulseSettings(values);
  const started = performance.now();
  const events: WireEvent[] = [];
  const relay = new SerialDoorRelay({
    path: settings.port,
    commands: relayCommands(settings),
    openMs: settings.openMs,
    factory: recordingFactory(events, started),
  });
  const release = restOnStopSignals(() => relay.close());
  try {
    await relay.start();
    const health = relay.health();
    if (!health.connected) throw new CodedError('RELAY_UNAVAILABLE', health.detail);
    await relay.pulse();
    await relay.settle();
  } finally {
    await relay.close();
    release();
  }
  // The events of close() (a final rest) are not part of the pulse the operator asked about.
  const labels = ['rest', 'open', 'close'];
  const report = {
    port: settings.port,
    protocol: settings.protocol,
    channel: settings.channel,
    openMs: settings.openMs,
  };
  const wire = events.slice(0, 3).map((e, i) => ({ ...e, command: labels[i] ?? '' }));
  if (values.json) print(JSON.stringify({ ...report, events: wire }));
  else {
    print(`${settings.protocol} on ${settings.port}, channel ${settings.channel}, ${settings.openMs} ms`);
    for (const e of wire) print(`${String(e.atMs).padStart(6)} ms  ${e.command.padEnd(5)}  ${e.value}`);
  }
  return 0;
}

export const relayCommand: Command = async (args, io) => {
  const { values, positionals } = parseCommandArgs({
    args,
    options: COMMAND_TABLE.relay.options,
    allowPositionals: true,
  });
  const [action] = positionals;
  if (action === 'ports') return listPorts(values.json ?? false, io.print);
  if (action === 'pulse') return pulseOnce(values, io.print);

  throw new CodedError(
    'INVALID_REQUEST',
    `usage: facegate relay ports | relay pulse --port PATH [--protocol ${RELAY_PROTOCOLS.join('|')}]`,
  );
};
