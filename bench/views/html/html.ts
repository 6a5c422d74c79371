// Every string that comes from a results file (target names, stderr, the command line) is data, not markup:
// it goes through esc() on its way into the page, and through jsonForScript() on its way into the data block.

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values alike. */
export function esc(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/**
 * JSON for a <script type="application/json"> block. Escaping every "<" means no "</script" or "<!--"
 * inside the data can end the block early; JSON.parse reads \u003c back as "<".
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** A slug safe for id attributes and CSS selectors, for ids built from scenario names and the like. */
export function slug(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
