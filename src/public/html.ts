/**
 * Strict HTML building for the public pages, without a template engine: every value interpolated with the
 * `html` tag is escaped unless it is already {@link SafeHtml} (the output of another `html` call). There is no
 * way to pass a plain string through unescaped except {@link trustedHtml}, which only takes constants of this
 * module's callers (the style sheet), never data.
 */

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes text for element content and for quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (char) => ESCAPES[char] ?? char);
}

type Interpolated = SafeHtml | string | number | null | undefined | false | readonly Interpolated[];

function render(value: Interpolated): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** Tagged template: html`<p>${userText}</p>` escapes userText; nested html`` fragments are kept as they are. */
export function html(strings: TemplateStringsArray, ...values: readonly Interpolated[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** For constants written in this code base (the style sheet); never for data. */
export function trustedHtml(constant: string): SafeHtml {
  return new SafeHtml(constant);
}

/** Joins fragments with a separator that is itself escaped. */
export function joinHtml(parts: readonly SafeHtml[], separator = ''): SafeHtml {
  return new SafeHtml(parts.map((p) => p.value).join(escapeHtml(separator)));
}
