import type { AttemptListRow } from '../../../electron/common/attempt-filter';
import type { KioskApi } from '../../../electron/common/kiosk-api';
import { h } from './dom';

/**
 * The attempt log, newest first, with filters, pages of 50, and a CSV export of everything the
 * filter matches. The export is a download: Electron's main saves it in the data folder's exports/
 * (no save dialog on a kiosk), a browser asks where.
 */
const PAGE = 50;

type Filter = {
  since?: string;
  until?: string;
  decision?: 'granted' | 'denied' | 'error';
  code?: string;
  user?: string;
};

export class AttemptsView {
  readonly element: HTMLElement;
  private readonly since = h('input', { id: 'filter-since', type: 'datetime-local' });
  private readonly until = h('input', { id: 'filter-until', type: 'datetime-local' });
  private readonly decision = h(
    'select',
    { id: 'filter-decision' },
    ...['', 'granted', 'denied', 'error'].map((d) => h('option', { value: d }, d || 'any decision')),
  );
  private readonly code = h('input', { id: 'filter-code', type: 'text', placeholder: 'code, e.g. NO_MATCH' });
  private readonly user = h('input', { id: 'filter-user', type: 'text', placeholder: 'user id or name' });
  private readonly body = h('tbody');
  private readonly status = h('div', { id: 'attempts-status', role: 'status' });
  private offset = 0;

  constructor(private readonly kiosk: KioskApi) {
    const apply = h('button', { type: 'submit', id: 'filter-apply' }, 'Apply');
    const prev = h('button', { type: 'button', id: 'attempts-prev' }, '‹ Newer');
    const next = h('button', { type: 'button', id: 'attempts-next' }, 'Older ›');
    const exportButton = h('button', { type: 'button', id: 'export-csv' }, 'Export CSV');
    const filters = h(
      'form',
      { class: 'admin-filters' },
      h('label', {}, 'From ', this.since),
      h('label', {}, 'To ', this.until),
      this.decision,
      this.code,
      this.user,
      apply,
    );
    filters.addEventListener('submit', (e) => {
      e.preventDefault();
      this.offset = 0;
      void this.load();
    });
    prev.addEventListener('click', () => {
      this.offset = Math.max(0, this.offset - PAGE);
      void this.load();
    });
    next.addEventListener('click', () => {
      this.offset += PAGE;
      void this.load();
    });
    exportButton.addEventListener('click', () => void this.export());
    const head = h(
      'tr',
      {},
      ...['#', 'Time', 'Decision', 'Code', 'User', 'Confidence', 'ms', 'Online', 'Door', 'Sync'].map((t) =>
        h('th', {}, t),
      ),
    );
    this.element = h(
      'section',
      { id: 'admin-attempts' },
      filters,
      h('div', { class: 'admin-row' }, prev, next, exportButton, this.status),
      h('table', { id: 'attempts-table' }, h('thead', {}, head), this.body),
    );
  }

  private filter(): Filter {
    const iso = (v: string) => (v ? new Date(v).toISOString() : undefined);
    const f: Filter = {};
    const since = iso(this.since.value);
    const until = iso(this.until.value);
    if (since) f.since = since;
    if (until) f.until = until;
    if (this.decision.value) f.decision = this.decision.value as Filter['decision'] & string;
    if (this.code.value.trim()) f.code = this.code.value.trim().toUpperCase();
    if (this.user.value.trim()) f.user = this.user.value.trim();
    return f;
  }

  async load(): Promise<void> {
    const result = await this.kiosk.adminAttempts({ ...this.filter(), limit: PAGE, offset: this.offset });
    if (!result.ok) {
      this.status.textContent = `${result.message} (${result.code})`;
      return;
    }
    const { rows, total } = result.value;
    this.body.replaceChildren(...rows.map((row) => this.row(row)));
    const last = Math.min(total, this.offset + rows.length);
    this.status.textContent = total ? `${this.offset + 1}-${last} of ${total}` : 'no attempts match';
    this.status.dataset.total = String(total);
  }

  private row(r: AttemptListRow): HTMLTableRowElement {
    const cells = [
      String(r.id),
      new Date(r.createdAt).toLocaleString(),
      r.decision,
      r.code,
      r.userName ? `${r.userName} (${r.userId ?? ''})` : (r.userId ?? ''),
      r.confidence === undefined ? '' : r.confidence.toFixed(2),
      String(r.latencyMs),
      r.online ? 'yes' : 'no',
      r.doorOpened ? 'opened' : 'shut',
      r.syncState,
    ];
    return h('tr', { 'data-decision': r.decision }, ...cells.map((c) => h('td', {}, c)));
  }

  private async export(): Promise<void> {
    const result = await this.kiosk.adminExportAttempts({ ...this.filter(), limit: 100, offset: 0 });
    if (!result.ok) {
      this.status.textContent = `${result.message} (${result.code})`;
      return;
    }
    const url = URL.createObjectURL(new Blob([result.value.csv], { type: 'text/csv' }));
    const link = h('a', { href: url, download: result.value.fileName });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    this.status.textContent = `exported ${result.value.rows} attempts as ${result.value.fileName}`;
  }
}
