/**
 * A tiny typed element builder. It only ever sets properties and text nodes, never HTML, so
 * untrusted text (files, URIs, stanzas, nicknames) cannot become markup.
 */
import { gate } from './deliberate-dom.ts';

type Props<K extends keyof HTMLElementTagNameMap> = Partial<Omit<HTMLElementTagNameMap[K], 'style'>> & {
  attrs?: Record<string, string>;
  on?: { [E in keyof HTMLElementEventMap]?: (ev: HTMLElementEventMap[E]) => void };
};
export type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props<K> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  const { attrs, on, ...rest } = props;
  Object.assign(el, rest);
  for (const [k, v] of Object.entries(attrs ?? {})) el.setAttribute(k, v);
  for (const [k, fn] of Object.entries(on ?? {})) el.addEventListener(k, fn as EventListener);
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

/** Replaces every child of `el`. */
export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, ...children);
}

let nextId = 0;
/** A labelled form control: the label's `for` points at the control so tests find it by label. */
export function field<T extends HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(
  label: string,
  control: T,
  hint?: string,
): HTMLDivElement {
  control.id ||= `f${++nextId}`;
  const hintEl = hint ? h('small', { className: 'hint', id: `${control.id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { className: 'field' }, h('label', { htmlFor: control.id }, label), control, hintEl);
}

/**
 * A form whose submit (button or Enter in a field) runs `onSubmit` instead of navigating — only
 * when it is deliberate (deliberate-dom.ts): its submit buttons are acting controls.
 */
export function submitForm(onSubmit: () => void, ...children: Child[]): HTMLFormElement {
  const form = h('form', {
    on: {
      submit: (e: Event) => {
        e.preventDefault();
        if (gate().mayAct()) onSubmit();
      },
    },
  }, ...children);
  for (const b of form.querySelectorAll('button[type=submit]')) gate().acting(b);
  return form;
}

/** A button that acts outside a form (e.g. "Create the room"): inert until deliberate. */
export function actingButton(label: string, onClick: () => void): HTMLButtonElement {
  const b = h('button', { type: 'button', on: { click: () => gate().mayAct() && onClick() } }, label);
  return gate().acting(b);
}

/** Chat-style box: Enter sends, Shift+Enter breaks the line, IME composition is left alone. */
export function sendOnEnter(box: HTMLTextAreaElement | HTMLInputElement, send: () => void): void {
  box.addEventListener('keydown', (e: Event) => {
    if (!(e instanceof KeyboardEvent)) return;
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      if (gate().mayAct()) send();
    }
  });
}

/**
 * `task` behind `button`: the button is disabled while it runs and a second call meanwhile is
 * ignored, so one click sends once. It comes back on unless `task` resolves true (done, or the
 * view re-enables it itself).
 */
export function busyButton(button: HTMLButtonElement, task: () => Promise<boolean | void>): () => Promise<void> {
  let running = false;
  return async () => {
    if (running) return;
    running = true;
    button.disabled = true;
    let keep: boolean | void = false;
    try {
      keep = await task();
    } finally {
      running = false;
      button.disabled = !!keep;
    }
  };
}
