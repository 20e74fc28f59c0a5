import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { session } from 'electron';
import type { Logger } from '../core/logger';
import { exportSavePath } from '../core/shell/export-downloads';
import { rendererEntry } from './app-origin';

/** After ready: the admin screen's CSV export lands in <dataDir>/exports; any other download is cancelled. */
export function setupDownloads(dataDir: string, log: Logger): void {
  session.defaultSession.on('will-download', (_event, item) => {
    const path = exportSavePath(dataDir, rendererEntry().origin, item.getURL(), item.getFilename());
    if (path === null) {
      log.warn({ url: item.getURL().slice(0, 100) }, 'download refused');
      item.cancel();
      return;
    }
    mkdirSync(dirname(path), { recursive: true });
    item.setSavePath(path);
    item.once('done', (_e, state) => log.info({ path, state }, 'attempt log export saved'));
  });
}
