import type { AttemptListRow } from '../../../electron/common/attempt-filter';
import type { KioskApi } from '../../../electron/common/kiosk-api';
import { translator, type Language, type Translate } from '../i18n/i18n';
import type { Messages } from '../i18n/locales/en';
import { h } from './dom';

/**
 * The attempt log, newest first, with filters, pages of 50, and a CSV export of everything the
 * filter matches. The export is a download: Electron's main saves it in the data folder's exports/
 * (no save dialog on a kiosk), a browser asks where.
 */
const PAGE = 50;

const DECISIONS = ['granted', 'denied', 'error'] as const;
const SYNC_STATES = ['none', 'queued', 'resolved', 'unresolved'] as const;
/** Rows carry these as plain strings: a value this screen has no word for (a newer main) is shown as it is. */
const known = <T extends string>(list: readonly T[], value: string): value is T =>
  (list as readonly string[]).includes(value);

type Filter = {
  since?: string;
  until?: string;
  decision?: 'granted' | 'denied' | 'error';
  code?: string;
  user?: string;
};

export class AttemptsView {
  readonly element: HTMLElement;
  private readonly t: Translate;
  private readonly since = h('input', { id: 'filter-since', type: 'datetime-local' });
  private readonly until = h('input', { id: 'filter-until', type: 'datetime-local' });
  private readonly decision: HTMLSelectElement;
  private readonly code: HTMLInputElement;
  private readonly user: HTMLInputElement;
  private readonly body = h('tbody');
  private readonly status = h('div', { id: 'attempts-status', role: 'status' });
  private offset = 0;

  constructor(
    private readonly kiosk: KioskApi,
    private readonly language: Language,
  ) {
    const t = translator(language);
    this.t = t;
    this.decision = h(
      'select',
      { id: 'filter-decision' },
      h('option', { value: '' }, t('admin.attempts.anyDecision')),
      ...DECISIONS.map((d) => h('option', { value: d }, t(`admin.attempts.decisions.${d}`))),
    );
    this.code = h('input', { id: 'filter-code', type: 'text', placeholder: t('admin.attempts.codePlaceholder') });
    this.user = h('input', { id: 'filter-user', type: 'text', placeholder: t('admin.attempts.userPlaceholder') });
    const apply = h('button', { type: 'submit', id: 'filter-apply' }, t('admin.attempts.apply'));
    const prev = h('button', { type: 'button', id: 'attempts-prev' }, t('admin.attempts.newer'));
    const next = h('button', { type: 'button', id: 'attempts-next' }, t('admin.attempts.older'));
    const exportButton = h('button', { type: 'button', id: 'export-csv' }, t('admin.attempts.export'));
    const filters = h(
      'form',
      { class: 'admin-filters' },
      h('label', {}, `${t('admin.attempts.from')} `, this.since),
      h('label', {}, `${t('admin.attempts.to')} `, this.until),
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
    // '#' and 'ms' are signs, the same in every language; the other headers are words.
    const column = (name: keyof Messages['admin']['attempts']['columns']) => t(`admin.attempts.columns.${name}`);
    const head = h(
      'tr',
      {},
      ...[
        '#',
        column('time'),
        column('decision'),
        column('code'),
        column('user'),
        column('confidence'),
        'ms',
        column('online'),
        column('door'),
        column('sync'),
      ].map((title) => h('th', {}, title)),
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
    this.status.textContent = total
      ? this.t('admin.attempts.range', { from: this.offset + 1, to: last, total })
      : this.t('admin.attempts.noMatch');
    this.status.dataset.total = String(total);
  }

  private row(r: AttemptListRow): HTMLTableRowElement {
    const t = this.t;
    const cells = [
      String(r.id),
      new Date(r.createdAt).toLocaleString(this.language),
      known(DECISIONS, r.decision) ? t(`admin.attempts.decisions.${r.decision}`) : r.decision,
      r.code,
      r.userName ? `${r.userName} (${r.userId ?? ''})` : (r.userId ?? ''),
      r.confidence === undefined ? '' : r.confidence.toFixed(2),
      String(r.latencyMs),
      t(r.online ? 'admin.attempts.yes' : 'admin.attempts.no'),
      t(r.doorOpened ? 'admin.attempts.opened' : 'admin.attempts.shut'),
      known(SYNC_STATES, r.syncState) ? t(`admin.attempts.sync.${r.syncState}`) : r.syncState,
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
    this.status.textContent = this.t('admin.attempts.exported', {
      count: result.value.rows,
      file: result.value.fileName,
    });
  }
}
