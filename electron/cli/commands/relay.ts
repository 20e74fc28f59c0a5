import { SerialPort } from 'serialport';
import { RELAY_PROTOCOLS } from '../../common/relay-settings';
import { CodedError } from '../../core/ipc/dispatcher';
import { SerialDoorRelay } from '../../core/relay/door-relay';
import { openSerialRelayPort, type RelayPortFactory } from '../../core/relay/relay-port';
import { relayCommands } from '../../core/relay/relay-protocols';
import { parseSettings } from '../../core/settings/settings-file';
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
  const ports = await SerialPort.list();
  if (json) print(JSON.stringify(ports));
  else if (ports.length === 0) print('no serial devices found');
  else
    for (const p of ports) {
      const ids = p.vendorId ? ` [${p.vendorId}:${p.productId}]` : '';
      print(`${p.path}  ${p.manufacturer ?? ''}${ids}`.trimEnd());
    }
  return 0;
}

/**
 * `facegate relay pulse --port PATH [--protocol P] [--channel N] [--ms N]`: opens the port (which
 * rests the contact), pulses once, waits for the close command, and reports each command with its time.
 */
async function pulseOnce(values: Record<string, string | boolean | undefined>, print: (line: string) => void) {
  if (!values.port) throw new CodedError('INVALID_REQUEST', 'relay pulse needs --port PATH');
  const num = (name: string) => (values[name] === undefined ? undefined : Number(values[name]));
  const settings = parseSettings(
    {
      relay: {
        port: values.port,
        ...(values.protocol !== undefined && { protocol: values.protocol }),
        ...(values.channel !== undefined && { channel: num('channel') }),
        ...(values.ms !== undefined && { openMs: num('ms') }),
        ...(values.baud !== undefined && { baudRate: num('baud') }),
        ...(values.on !== undefined && {
          custom: { on: values.on, off: values.off, ...(values.reply !== undefined && { reply: values.reply }) },
        }),
      },
    },
    'relay pulse options',
  ).relay;
  const started = performance.now();
  const events: WireEvent[] = [];
  const relay = new SerialDoorRelay({
    path: settings.port,
    commands: relayCommands(settings),
    openMs: settings.openMs,
    factory: recordingFactory(events, started),
  });
  try {
    await relay.start();
    const health = relay.health();
    if (!health.connected) throw new CodedError('RELAY_UNAVAILABLE', health.detail);
    await relay.pulse();
    await relay.settle();
  } finally {
    await relay.close();
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
    options: {
      port: { type: 'string' },
      protocol: { type: 'string' },
      channel: { type: 'string' },
      ms: { type: 'string' },
      baud: { type: 'string' },
      on: { type: 'string' },
      off: { type: 'string' },
      reply: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
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
