import type { AdminStatus } from '../../../electron/common/admin-contract';
import type { KioskApi } from '../../../electron/common/kiosk-api';
import { h } from './dom';

/**
 * The PIN entry: an on-screen keypad (a kiosk may have only a touch screen) over a password field
 * that a keyboard can type into too. Main checks the PIN and keeps the count; this only shows
 * what main says: attempts left, or until when it is locked.
 */
export class PinPad {
  readonly element: HTMLElement;
  private readonly field = h('input', {
    id: 'admin-pin',
    type: 'password',
    inputmode: 'numeric',
    autocomplete: 'off',
    maxlength: 12,
    'aria-label': 'Admin PIN',
  });
  private readonly message = h('div', { id: 'admin-pin-message', role: 'alert' });
  private readonly submit = h('button', { type: 'submit', id: 'admin-pin-ok' }, 'OK');

  constructor(
    private readonly kiosk: KioskApi,
    private readonly onUnlocked: () => void,
    private readonly onCancel: () => void,
  ) {
    const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '⌫', '0', 'C'].map((key) => {
      const button = h('button', { type: 'button', class: 'pin-key', 'data-key': key }, key);
      button.addEventListener('click', () => this.press(key));
      return button;
    });
    const cancel = h('button', { type: 'button', id: 'admin-pin-cancel' }, 'Cancel');
    cancel.addEventListener('click', () => this.onCancel());
    const form = h(
      'form',
      { id: 'admin-pin-form' },
      h('h2', {}, 'Admin PIN'),
      this.field,
      h('div', { class: 'pin-keys' }, ...keys),
      this.message,
      h('div', { class: 'pin-actions' }, cancel, this.submit),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.check();
    });
    this.element = h('div', { id: 'admin-pin-pad', class: 'admin-dialog' }, form);
  }

  /** Shows main's view of the lock before anyone types. */
  show(status: AdminStatus): void {
    this.field.value = '';
    this.render(status);
    this.field.focus();
  }

  showMessage(text: string): void {
    this.message.textContent = text;
  }

  private press(key: string): void {
    if (key === '⌫') this.field.value = this.field.value.slice(0, -1);
    else if (key === 'C') this.field.value = '';
    else if (this.field.value.length < 12) this.field.value += key;
    this.field.focus();
  }

  private async check(): Promise<void> {
    const pin = this.field.value;
    this.field.value = '';
    if (!/^\d{6,12}$/.test(pin)) {
      this.message.textContent = 'A PIN is 6 to 12 digits.';
      return;
    }
    this.submit.disabled = true;
    try {
      const result = await this.kiosk.adminUnlock({ pin });
      if (!result.ok) {
        this.message.textContent = `${result.message} (${result.code})`;
        return;
      }
      if (result.value.unlocked) this.onUnlocked();
      else this.render(result.value, true);
    } finally {
      this.submit.disabled = false;
    }
  }

  private render(status: AdminStatus, afterWrongPin = false): void {
    document.body.dataset.admin = status.lockedUntil ? 'locked' : 'pin';
    if (status.lockedUntil) {
      const until = new Date(status.lockedUntil).toLocaleTimeString();
      this.message.textContent = `Too many wrong PINs: locked until ${until}.`;
      this.field.disabled = true;
      this.submit.disabled = true;
      return;
    }
    this.field.disabled = false;
    this.submit.disabled = false;
    const left = `${status.attemptsLeft} attempt${status.attemptsLeft === 1 ? '' : 's'} left`;
    this.message.textContent = afterWrongPin ? `Wrong PIN: ${left}.` : '';
    this.message.dataset.attemptsLeft = String(status.attemptsLeft);
  }
}
