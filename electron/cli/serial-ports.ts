import { existsSync, readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { SerialPort } from 'serialport';
import { CodedError } from '../core/ipc/dispatcher';

/** A serial device as `facegate relay ports` shows it: serialport's PortInfo, fields absent when unknown. */
export interface SerialPortInfo {
  path: string;
  manufacturer?: string | undefined;
  serialNumber?: string | undefined;
  pnpId?: string | undefined;
  locationId?: string | undefined;
  vendorId?: string | undefined;
  productId?: string | undefined;
}

/** Where the kernel shows devices; a test points these at a tree of its own. */
export interface DeviceRoots {
  sys: string;
  dev: string;
}

export const SYSTEM_ROOTS: DeviceRoots = { sys: '/sys', dev: '/dev' };

// The names serialport's own Linux listing keeps (bindings-cpp linux-list.js), so both listings agree.
const SERIAL_NAME = /^(tty(S|WCH|ACM|USB|AMA|MFD|O|XRUSB)|rfcomm)/;

const readText = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
};

const entries = (dir: string): string[] => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};

/** /dev/serial/by-id: udev's stable names, kept by the tty they point to (the name serialport calls pnpId). */
function byIdNames(dev: string): Map<string, string> {
  const dir = join(dev, 'serial', 'by-id');
  const names = new Map<string, string>();
  for (const name of entries(dir)) {
    try {
      names.set(basename(resolve(dir, readlinkSync(join(dir, name)))), name);
    } catch {
      // Not a link (or gone meanwhile): nothing to learn from it.
    }
  }
  return names;
}

/** The USB device above a tty's hardware: the first folder up the tree with idVendor, within /sys/devices. */
function usbAttributes(deviceDir: string, sys: string): Partial<SerialPortInfo> {
  const top = resolve(sys, 'devices');
  for (let dir = deviceDir; dir.startsWith(top) && dir !== top; dir = dirname(dir)) {
    const vendorId = readText(join(dir, 'idVendor'));
    if (!vendorId) continue;
    return {
      vendorId,
      productId: readText(join(dir, 'idProduct')),
      manufacturer: readText(join(dir, 'manufacturer')),
      serialNumber: readText(join(dir, 'serial')),
    };
  }
  return {};
}

/**
 * The serial devices the kernel shows, read without udev: every /sys/class/tty entry with hardware
 * behind it (`device`), with vendor and product from the USB device above it, and the links in
 * /dev/serial/by-id. Left out: virtual consoles and pseudo-terminals (no device), 8250 slots with no
 * UART behind them (`type` 0: a PC has up to 32 of those), and devices with no node in this /dev.
 */
export function listSysfsSerialPorts(roots: DeviceRoots = SYSTEM_ROOTS): SerialPortInfo[] {
  const byId = byIdNames(roots.dev);
  const ports = new Map<string, SerialPortInfo>();
  const classDir = join(roots.sys, 'class', 'tty');
  for (const name of entries(classDir)) {
    if (!SERIAL_NAME.test(name)) continue;
    const ttyDir = join(classDir, name);
    let deviceDir: string;
    try {
      deviceDir = realpathSync(join(ttyDir, 'device'));
    } catch {
      continue;
    }
    if (name.startsWith('ttyS') && readText(join(ttyDir, 'type')) === '0') continue;
    const path = join(roots.dev, name);
    if (!existsSync(path)) continue;
    const port: SerialPortInfo = { path, ...usbAttributes(deviceDir, realpathSync(roots.sys)) };
    const pnpId = byId.get(name);
    if (pnpId) port.pnpId = pnpId;
    ports.set(name, withoutEmpty(port));
  }
  // A by-id link whose tty sysfs does not show (no /sys mounted, another namespace) is still a port.
  for (const [name, pnpId] of byId) {
    const path = join(roots.dev, name);
    if (!ports.has(name) && existsSync(path)) ports.set(name, { path, pnpId });
  }
  return [...ports.values()].sort((a, b) => a.path.localeCompare(b.path));
}

const withoutEmpty = (port: SerialPortInfo): SerialPortInfo =>
  Object.fromEntries(Object.entries(port).filter(([, value]) => value !== undefined)) as unknown as SerialPortInfo;

export interface SerialListing {
  ports: SerialPortInfo[];
  /** serialport's listing (udev on Linux, the OS elsewhere), or the kernel's sysfs when udev is not there. */
  source: 'serialport' | 'sysfs';
  /** Why sysfs was read instead, for the operator. */
  note?: string;
}

export interface ListDeps {
  list?: () => Promise<SerialPortInfo[]>;
  roots?: DeviceRoots;
  platform?: NodeJS.Platform;
}

/**
 * serialport's listing, which on Linux runs `udevadm info -e`. Where udev is absent (containers,
 * minimal installs), fails, or knows of nothing, the devices are read from sysfs instead: listing
 * never fails there.
 */
export async function listSerialPorts(deps: ListDeps = {}): Promise<SerialListing> {
  const list = deps.list ?? (() => SerialPort.list());
  const linux = (deps.platform ?? process.platform) === 'linux';
  try {
    const ports = await list();
    if (ports.length > 0 || !linux) return { ports, source: 'serialport' };
    // udevadm there but no udev daemon (a container): its database is empty, the kernel's is not.
    const seen = listSysfsSerialPorts(deps.roots);
    if (seen.length === 0) return { ports, source: 'serialport' };
    return {
      ports: seen,
      source: 'sysfs',
      note: 'udev knows no serial devices: listed from /sys/class/tty and /dev/serial/by-id',
    };
  } catch (error) {
    const reason = (error as Error).message;
    if (!linux) {
      throw new CodedError('RELAY_UNAVAILABLE', `cannot list serial ports: ${reason}`);
    }
    const why =
      (error as { code?: unknown }).code === 'ENOENT' ? 'udevadm is not installed' : `udevadm failed (${reason})`;
    return {
      ports: listSysfsSerialPorts(deps.roots),
      source: 'sysfs',
      note: `${why}: listed from /sys/class/tty and /dev/serial/by-id`,
    };
  }
}
