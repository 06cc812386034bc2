/**
 * Allow-list HTML sanitiser for 资讯 content. Operators paste text from elsewhere; the H5 renders
 * it with v-html, so anything that can run script must not survive (XSS, OWASP ASVS 5.3.3).
 * Allowed: p h3 h4 ul ol li strong em br, a[href] with an http(s) URL, img[src] with an http(s)
 * or site-relative URL (and its alt text, for screen readers). Every other tag is removed but
 * its text kept; script-like elements are removed with their content; every other attribute
 * (on*, style, class …) is dropped. Output is well-formed: unclosed tags are closed.
 * Small on purpose: a parser-grade library would be a dependency for eleven tags.
 */

const ALLOWED = new Set(['p', 'h3', 'h4', 'ul', 'ol', 'li', 'strong', 'em', 'a', 'img', 'br']);
const VOID = new Set(['br', 'img']);
/** Elements whose content is code or markup, not text: dropped whole. */
const DROP_WITH_CONTENT = new Set(['script', 'style', 'iframe', 'object', 'embed', 'template', 'noscript', 'textarea', 'title', 'svg', 'math', 'select', 'xmp', 'noembed', 'noframes', 'plaintext', 'head']);

/** A tag: `<`, optional `/`, a name, then anything up to the `>` that is not inside quotes. */
const TAG = /<(\/?)([a-zA-Z][\w-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/y;
const ATTR = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
const ENTITY = /&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});/y;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', colon: ':', tab: '\t', newline: '\n', sol: '/' };

/** Text: existing entity references stay, every other & < > is escaped. */
function escapeText(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '&') {
      ENTITY.lastIndex = i;
      out += ENTITY.test(text) ? '&' : '&amp;';
    } else if (c === '<') out += '&lt;';
    else if (c === '>') out += '&gt;';
    else out += c;
  }
  return out;
}

function decodeEntities(value: string): string {
  return value.replace(/&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});?/g, (m, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return NAMED[ref.toLowerCase()] ?? m;
  });
}

const escapeAttr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A URL the browser will treat as http(s) or site-relative. Checked after decoding entities and
 * removing the control characters and spaces browsers ignore, so `jav&#x61;script:` or
 * `java\tscript:` cannot slip through.
 */
function safeUrl(raw: string, allowRelative: boolean): string | null {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const v = decodeEntities(raw).replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  if (/^https?:\/\/[^/]/i.test(v)) return v;
  if (allowRelative && /^\/(?!\/)/.test(v) && !v.includes('\\')) return v;
  return null;
}

function attributes(name: string, raw: string): string | null {
  const attrs = new Map<string, string>();
  for (const m of raw.matchAll(ATTR)) {
    const key = m[1]!.toLowerCase();
    if (!attrs.has(key)) attrs.set(key, m[2] ?? m[3] ?? m[4] ?? '');
  }
  if (name === 'a') {
    const href = safeUrl(attrs.get('href') ?? '', false);
    // An external link opens without handing the portal's window to the other site.
    return href ? ` href="${escapeAttr(href)}" rel="noopener noreferrer"` : '';
  }
  if (name === 'img') {
    const src = safeUrl(attrs.get('src') ?? '', true);
    if (!src) return null;
    const alt = attrs.get('alt');
    return ` src="${escapeAttr(src)}"${alt !== undefined ? ` alt="${escapeAttr(decodeEntities(alt))}"` : ''}`;
  }
  return '';
}

export function sanitizeHtml(input: string): string {
  const out: string[] = [];
  const open: string[] = [];
  let i = 0;
  while (i < input.length) {
    const lt = input.indexOf('<', i);
    if (lt < 0) {
      out.push(escapeText(input.slice(i)));
      break;
    }
    if (lt > i) out.push(escapeText(input.slice(i, lt)));
    i = lt;
    if (input.startsWith('<!--', i)) {
      const end = input.indexOf('-->', i + 4);
      i = end < 0 ? input.length : end + 3;
      continue;
    }
    if (input.startsWith('<!', i) || input.startsWith('<?', i)) {
      const end = input.indexOf('>', i);
      i = end < 0 ? input.length : end + 1;
      continue;
    }
    TAG.lastIndex = i;
    const m = TAG.exec(input);
    if (!m) {
      out.push('&lt;');
      i += 1;
      continue;
    }
    i = TAG.lastIndex;
    const closing = m[1] === '/';
    const name = m[2]!.toLowerCase();
    if (!closing && DROP_WITH_CONTENT.has(name)) {
      const close = new RegExp(`</${name}(?:\\s[^>]*)?>`, 'ig');
      close.lastIndex = i;
      const found = close.exec(input);
      // No closing tag: everything after the opening tag is that element's content.
      i = found ? close.lastIndex : input.length;
      continue;
    }
    if (!ALLOWED.has(name)) continue;
    if (closing) {
      if (VOID.has(name) || !open.includes(name)) continue;
      while (open.length) {
        const top = open.pop()!;
        out.push(`</${top}>`);
        if (top === name) break;
      }
      continue;
    }
    const attrs = attributes(name, m[3] ?? '');
    if (attrs === null) continue;
    // A link without a safe address keeps its text but is no longer a link.
    if (name === 'a' && attrs === '') continue;
    out.push(`<${name}${attrs}>`);
    if (!VOID.has(name)) open.push(name);
  }
  while (open.length) out.push(`</${open.pop()}>`);
  return out.join('');
}

/** Plain text of sanitised HTML, for a summary when the operator gives none. */
export function textOf(html: string): string {
  // Block boundaries become spaces; inline tags (strong, em, a) join their text as written.
  return decodeEntities(html.replace(/<\/?(?:p|h3|h4|ul|ol|li|br|img)\b[^>]*>/gi, ' ').replace(/<[^>]*>/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
}
