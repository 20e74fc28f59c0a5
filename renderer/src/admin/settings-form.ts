import { settingsSchema } from '../../../electron/common/settings';
import type { Translate } from '../i18n/i18n';
import { getPath, h, setPath } from './dom';
import { fieldHint, fieldLabel, optionLabel, SECTIONS, sectionTitle, type FieldDef } from './settings-fields';

/**
 * The settings form: built from SECTIONS, filled from main's settings, read back into a full
 * settings object, and checked with the same schema main applies, so an operator sees a wrong
 * field at once, next to it. Main checks again before it saves: the renderer is never trusted.
 * Labels are in the screen's language; the schema's messages stay as zod words them (English).
 */

const fieldId = (path: string) => `field-${path.replaceAll('.', '-')}`;

export interface SettingsForm {
  element: HTMLElement;
  /** The fieldset of a section, to add buttons (test connection, test relay) and the camera preview to. */
  section(id: string): HTMLFieldSetElement;
  fill(settings: Record<string, unknown>): void;
  /** The edited settings, or null (and the errors on screen) when they are not valid. */
  read(): { settings: Record<string, unknown>; errors: string[] };
  showErrors(messages: string[]): void;
  clientSecret(): string;
}

function input(t: Translate, field: FieldDef): HTMLInputElement | HTMLSelectElement {
  const id = fieldId(field.path);
  if (field.kind === 'select') {
    const options = (field.options ?? []).map((o) => h('option', { value: o }, optionLabel(t, field, o)));
    return h('select', { id, name: field.path }, ...options);
  }
  if (field.kind === 'checkbox') return h('input', { id, name: field.path, type: 'checkbox' });
  return h('input', {
    id,
    name: field.path,
    type: field.kind === 'number' ? 'number' : 'text',
    step: field.step,
    spellcheck: 'false',
    autocomplete: 'off',
  });
}

export function createSettingsForm(t: Translate): SettingsForm {
  const controls = new Map<string, HTMLInputElement | HTMLSelectElement>();
  const errors = new Map<string, HTMLElement>();
  const sections = new Map<string, HTMLFieldSetElement>();
  let base: Record<string, unknown> = {};

  const secret = h('input', {
    id: 'field-clientSecret',
    type: 'password',
    autocomplete: 'off',
    placeholder: t('admin.settings.clientSecretPlaceholder'),
  });
  const summary = h('div', { id: 'admin-form-errors', class: 'admin-errors', role: 'alert' });
  const form = h('form', { id: 'admin-settings', novalidate: true }, summary);
  form.addEventListener('submit', (e) => e.preventDefault());

  for (const section of SECTIONS) {
    const fieldset = h('fieldset', { id: `section-${section.id}` }, h('legend', {}, sectionTitle(t, section.id)));
    for (const field of section.fields) {
      const control = input(t, field);
      const hint = fieldHint(t, field);
      const error = h('span', { class: 'field-error', id: `${fieldId(field.path)}-error` });
      controls.set(field.path, control);
      errors.set(field.path, error);
      fieldset.append(
        h('label', { for: control.id }, fieldLabel(t, field), hint ? h('small', {}, ` ${hint}`) : null),
        control,
        error,
      );
    }
    if (section.id === 'verifier') {
      fieldset.append(h('label', { for: secret.id }, t('admin.settings.clientSecret')), secret, h('span'));
    }
    sections.set(section.id, fieldset);
    form.append(fieldset);
  }

  const collect = (): Record<string, unknown> => {
    const out = structuredClone(base);
    for (const [path, control] of controls) {
      if (control instanceof HTMLInputElement && control.type === 'checkbox') setPath(out, path, control.checked);
      else if (control instanceof HTMLInputElement && control.type === 'number') {
        setPath(out, path, control.value.trim() === '' ? undefined : Number(control.value));
      } else setPath(out, path, control.value);
    }
    return out;
  };

  const showErrors = (messages: string[]) => {
    summary.replaceChildren(...messages.map((m) => h('div', {}, m)));
    form.dataset.invalid = messages.length ? 'true' : 'false';
  };

  const validate = (): string[] => {
    for (const error of errors.values()) error.textContent = '';
    for (const control of controls.values()) control.removeAttribute('aria-invalid');
    const parsed = settingsSchema.safeParse(collect());
    if (parsed.success) return [];
    return parsed.error.issues.map((issue) => {
      const path = issue.path.join('.');
      // A section-level rule (min below max) names its field; an unknown path shows in the summary only.
      const error = errors.get(path);
      if (error) {
        error.textContent = issue.message;
        controls.get(path)?.setAttribute('aria-invalid', 'true');
      }
      return `${path}: ${issue.message}`;
    });
  };

  form.addEventListener('input', () => showErrors(validate()));

  return {
    element: form,
    section: (id) => sections.get(id)!,
    fill(settings) {
      base = structuredClone(settings);
      for (const [path, control] of controls) {
        const value = getPath(settings, path);
        if (control instanceof HTMLInputElement && control.type === 'checkbox') control.checked = value === true;
        else control.value = value === undefined ? '' : String(value);
      }
      secret.value = '';
      showErrors(validate());
    },
    read() {
      const found = validate();
      showErrors(found);
      return { settings: collect(), errors: found };
    },
    showErrors,
    clientSecret: () => secret.value,
  };
}
