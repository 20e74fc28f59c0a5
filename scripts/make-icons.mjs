#!/usr/bin/env node
// Renders resources/icons/icon.svg to the 1024x1024 PNG that electron-builder turns into the .icns,
// .ico and Linux icon set (electron-builder.yml `icon`). Run by hand after editing the SVG; the PNG is
// committed so packaging needs neither this script nor a rasteriser on the packaging machine.
// 1024 because macOS wants its 512 pt icon at 2x; Windows and Linux sizes are scaled down from it.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const SIZE = 1024;
const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'icons');
const source = join(dir, 'icon.svg');
const target = join(dir, 'icon.png');

// The SVG is drawn at 1024; density 72 renders it 1:1, so the resize only guards against edits to its size.
const info = await sharp(source, { density: 72 })
  .resize(SIZE, SIZE, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } })
  .png({ compressionLevel: 9 })
  .toFile(target);
console.log(`make-icons: wrote ${target} (${info.width}x${info.height}, ${info.size} bytes)`);
