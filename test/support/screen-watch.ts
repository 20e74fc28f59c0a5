import type { Page } from 'playwright-core';

/** What the visitor sees at one moment, stamped with the page's performance.now(). */
export interface ScreenMessage {
  at: number;
  state: string;
  code: string;
  title: string;
}

declare global {
  interface Window {
    __facegateScreen?: ScreenMessage[];
  }
}

/**
 * Records what the kiosk's screen shows, from now on: <body>'s data-state and data-code (which pick the
 * screen's look) and #title's words, through a MutationObserver in the page. This is the screen itself,
 * not what the loop reports to main, so it counts what a person at the door would see change. One
 * Screen.show() sets all three in one task and the observer runs once after it, so a record is one
 * visible change. The first record is what was on screen when the watch started.
 */
export async function watchScreen(page: Page): Promise<void> {
  // Inline code only: tsx's esbuild may wrap named inner functions in a helper the page does not have.
  await page.evaluate(() => {
    if (window.__facegateScreen) return;
    const records: ScreenMessage[] = [];
    window.__facegateScreen = records;
    const title = document.getElementById('title');
    const body = document.body;
    records.push({
      at: performance.now(),
      state: body.dataset.state ?? '',
      code: body.dataset.code ?? '',
      title: title?.textContent ?? '',
    });
    const observer = new MutationObserver(() => {
      const now = { state: body.dataset.state ?? '', code: body.dataset.code ?? '', title: title?.textContent ?? '' };
      const last = records[records.length - 1]!;
      if (now.state === last.state && now.code === last.code && now.title === last.title) return;
      records.push({ at: performance.now(), ...now });
    });
    observer.observe(body, { attributes: true, attributeFilter: ['data-state', 'data-code'] });
    if (title) observer.observe(title, { childList: true, characterData: true, subtree: true });
  });
}

/** Everything the watch recorded so far, the starting screen first. */
export function screenMessages(page: Page): Promise<ScreenMessage[]> {
  return page.evaluate(() => window.__facegateScreen ?? []);
}

/** The changes (records after the first) that happened in the page-clock window (from, to]. */
export function changesWithin(messages: readonly ScreenMessage[], from: number, to: number): ScreenMessage[] {
  return messages.slice(1).filter((m) => m.at > from && m.at <= to);
}

/** The page's performance.now(). */
export function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

/** Waits until the page's own clock reads `from + ms`: a counting window, not a timed assertion. */
export async function untilPageTime(page: Page, from: number, ms: number): Promise<void> {
  await page.waitForFunction((end) => performance.now() >= end, from + ms, { polling: 100, timeout: ms + 60_000 });
}

/** Camera frames the renderer ran its detector on (either pace) that started in the window (from, to]. */
export function framesWithin(page: Page, from: number, to: number): Promise<number> {
  return page.evaluate(
    ([f, t]) =>
      [
        ...performance.getEntriesByName('facegate:detect'),
        ...performance.getEntriesByName('facegate:detect-idle'),
      ].filter((e) => e.startTime > f && e.startTime <= t).length,
    [from, to] as const,
  );
}

/** Waits until the renderer has run its detector on at least n frames (active and idle both count). */
export async function framesDetected(page: Page, n: number): Promise<void> {
  await page.waitForFunction(
    (count) =>
      performance.getEntriesByName('facegate:detect').length +
        performance.getEntriesByName('facegate:detect-idle').length >=
      count,
    n,
    { timeout: 120_000, polling: 100 },
  );
}
