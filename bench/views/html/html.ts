// HTML by construction: every value interpolated into an html`…` template is escaped unless it is itself
// Html (another template, or markup marked raw() on purpose), so a forgotten escape cannot happen. Strings
// from a results file (target names, stderr, the command line) are data, never markup.

/** Markup that is safe to insert as is. Made only by html`…` and raw(). */
export class Html {
  readonly markup: string;
  constructor(markup: string) {
    this.markup = markup;
  }
  toString(): string {
    return this.markup;
  }
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values alike. */
export function escapeText(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** What an interpolated value becomes: Html as is, arrays joined, nothing for null/undefined/false. */
function render(value: unknown): string {
  if (value instanceof Html) return value.markup;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeText(String(value));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new Html(out);
}

/** Trusted markup (our CSS, inlined scripts): the one way past the escaping, to be used knowingly. */
export function raw(markup: string): Html {
  return new Html(markup);
}

/** Html items joined with a separator (itself escaped unless Html). */
export function join(items: readonly unknown[], separator: unknown = ''): Html {
  return new Html(items.map(render).join(render(separator)));
}

/**
 * JSON for a <script type="application/json"> block. Escaping every "<" means no "</script" or "<!--"
 * inside the data can end the block early; JSON.parse reads \u003c back as "<".
 */
export function jsonForScript(value: unknown): Html {
  return raw(JSON.stringify(value).replace(/</g, '\\u003c'));
}

/** A slug safe for id attributes and CSS selectors, for ids built from scenario names and the like. */
export function slug(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
