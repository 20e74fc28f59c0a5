import { basename, join } from 'node:path';

/**
 * Where a download the page starts is saved, or null to cancel it. The only download the kiosk
 * makes is the admin screen's CSV export (a blob: URL made by our own page); a kiosk has no save
 * dialog to show, so it goes to <dataDir>/exports under a name cleaned of any path.
 */
export function exportSavePath(dataDir: string, appOrigin: string, url: string, filename: string): string | null {
  if (!url.startsWith(`blob:${appOrigin}/`)) return null;
  const clean = basename(filename).replace(/[^\w.-]/g, '_');
  if (!/^facegate-attempts-[\w.-]+\.csv$/.test(clean)) return null;
  return join(dataDir, 'exports', clean);
}
