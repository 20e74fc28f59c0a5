import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listSerialPorts, listSysfsSerialPorts } from '../../../electron/cli/serial-ports';
import { makeDataDir, removeDataDir } from './cli-harness';

// Listing serial devices where udev is absent (containers, minimal installs): a fake /sys and /dev
// built in a temporary folder, laid out as the kernel lays them out.

let root: string;
let sys: string;
let dev: string;

beforeEach(() => {
  root = makeDataDir();
  sys = join(root, 'sys');
  dev = join(root, 'dev');
});
afterEach(() => removeDataDir(root));

const file = (path: string, text: string) => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${text}\n`);
};
const link = (path: string, target: string) => {
  mkdirSync(dirname(path), { recursive: true });
  symlinkSync(target, path);
};

/**
 * A tty class entry: /sys/class/tty/NAME -> the tty's folder under /sys/devices; its `device` link
 * points at the hardware (none for a virtual tty), and /dev/NAME is the node to open.
 */
function tty(name: string, ttyDir: string, deviceDir: string | null, extra: Record<string, string> = {}) {
  const abs = join(sys, 'devices', ttyDir);
  mkdirSync(abs, { recursive: true });
  link(join(sys, 'class', 'tty', name), join('..', '..', 'devices', ttyDir));
  if (deviceDir) symlinkSync(join(sys, 'devices', deviceDir), join(abs, 'device'));
  for (const [key, value] of Object.entries(extra)) file(join(abs, key), value);
  file(join(dev, name), '');
}

/** A USB device's folder with the attributes the kernel gives it. */
function usb(dir: string, attrs: Record<string, string>) {
  for (const [key, value] of Object.entries(attrs)) file(join(sys, 'devices', dir, key), value);
}

function machine() {
  // A CH340 USB adapter (ttyUSB: the port device sits below the interface, below the USB device).
  const ch340 = 'pci0000:00/0000:00:14.0/usb1/1-2';
  usb(ch340, { idVendor: '1a86', idProduct: '7523', product: 'USB Serial' });
  tty('ttyUSB0', `${ch340}/1-2:1.0/ttyUSB0/tty/ttyUSB0`, `${ch340}/1-2:1.0/ttyUSB0`);
  link(join(dev, 'serial', 'by-id', 'usb-1a86_USB_Serial-if00-port0'), '../../ttyUSB0');
  // A CDC-ACM board (ttyACM: the device link is the interface).
  const acm = 'pci0000:00/0000:00:14.0/usb1/1-3';
  usb(acm, { idVendor: '2341', idProduct: '0043', manufacturer: 'Arduino (www.arduino.cc)', serial: '95530343' });
  tty('ttyACM0', `${acm}/1-3:1.0/tty/ttyACM0`, `${acm}/1-3:1.0`);
  link(join(dev, 'serial', 'by-id', 'usb-Arduino__www.arduino.cc__0043_95530343-if00'), '../../ttyACM0');
  // A motherboard UART (type 4 = 16550A), and a legacy 8250 slot with no UART behind it (type 0).
  tty('ttyS0', 'pnp0/00:05/tty/ttyS0', 'pnp0/00:05', { type: '4' });
  tty('ttyS1', 'platform/serial8250/tty/ttyS1', 'platform/serial8250', { type: '0' });
  // Virtual consoles and the pty master have no device: never serial ports.
  tty('tty1', 'virtual/tty/tty1', null);
  tty('ptmx', 'virtual/tty/ptmx', null);
}

describe('listing serial ports from sysfs and /dev/serial/by-id', () => {
  it('lists USB adapters with vendor, product and by-id name, and UARTs that exist; not consoles or empty slots', () => {
    machine();
    expect(listSysfsSerialPorts({ sys, dev })).toEqual([
      {
        path: join(dev, 'ttyACM0'),
        manufacturer: 'Arduino (www.arduino.cc)',
        serialNumber: '95530343',
        pnpId: 'usb-Arduino__www.arduino.cc__0043_95530343-if00',
        vendorId: '2341',
        productId: '0043',
      },
      { path: join(dev, 'ttyS0') },
      {
        path: join(dev, 'ttyUSB0'),
        pnpId: 'usb-1a86_USB_Serial-if00-port0',
        vendorId: '1a86',
        productId: '7523',
      },
    ]);
  });

  it('leaves out a device whose /dev node is missing, and lists a by-id link whose tty sysfs does not show', () => {
    machine();
    // ttyS0's node is not in this /dev (a container given only some devices): it cannot be opened here.
    rmSync(join(dev, 'ttyS0'));
    // A by-id link to a tty that sysfs does not show (sysfs not mounted, or another namespace).
    file(join(dev, 'ttyUSB7'), '');
    link(join(dev, 'serial', 'by-id', 'usb-FTDI_FT232R-if00-port0'), '../../ttyUSB7');
    expect(listSysfsSerialPorts({ sys, dev }).map((p) => [p.path, p.pnpId])).toEqual([
      [join(dev, 'ttyACM0'), 'usb-Arduino__www.arduino.cc__0043_95530343-if00'],
      [join(dev, 'ttyUSB0'), 'usb-1a86_USB_Serial-if00-port0'],
      [join(dev, 'ttyUSB7'), 'usb-FTDI_FT232R-if00-port0'],
    ]);
  });

  it('gives an empty list, without throwing, when neither /sys/class/tty nor /dev/serial exists', () => {
    expect(listSysfsSerialPorts({ sys, dev })).toEqual([]);
  });
});

describe('listSerialPorts', () => {
  it('falls back to sysfs when udevadm is missing (spawn ENOENT), saying so', async () => {
    machine();
    const missing = Object.assign(new Error('spawn udevadm ENOENT'), { code: 'ENOENT' });
    const listing = await listSerialPorts({
      roots: { sys, dev },
      platform: 'linux',
      list: () => Promise.reject(missing),
    });
    expect(listing.source).toBe('sysfs');
    expect(listing.note).toMatch(/udevadm is not installed: listed from \/sys\/class\/tty/);
    expect(listing.ports.map((p) => p.path)).toEqual([join(dev, 'ttyACM0'), join(dev, 'ttyS0'), join(dev, 'ttyUSB0')]);
  });

  it("uses serialport's own listing when it works", async () => {
    machine();
    const listing = await listSerialPorts({
      roots: { sys, dev },
      platform: 'linux',
      list: async () => [{ path: '/dev/ttyUSB3', manufacturer: 'FTDI' } as never],
    });
    expect(listing).toEqual({ source: 'serialport', ports: [{ path: '/dev/ttyUSB3', manufacturer: 'FTDI' }] });
  });

  it('reads sysfs too when udev answers with nothing (udevadm installed, no udev daemon)', async () => {
    machine();
    const listing = await listSerialPorts({ roots: { sys, dev }, platform: 'linux', list: async () => [] });
    expect(listing).toMatchObject({ source: 'sysfs', note: expect.stringMatching(/^udev knows no serial devices/) });
    expect(listing.ports).toHaveLength(3);
    const empty = await listSerialPorts({
      roots: { sys: join(root, 'none'), dev: join(root, 'none') },
      platform: 'linux',
      list: async () => [],
    });
    expect(empty).toEqual({ source: 'serialport', ports: [] });
  });

  it('reports a failure to list on another system as RELAY_UNAVAILABLE, not INTERNAL_ERROR', async () => {
    await expect(
      listSerialPorts({ roots: { sys, dev }, platform: 'win32', list: () => Promise.reject(new Error('boom')) }),
    ).rejects.toMatchObject({ code: 'RELAY_UNAVAILABLE', message: expect.stringContaining('boom') });
  });
});
