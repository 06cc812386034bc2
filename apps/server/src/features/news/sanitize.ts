/**
 * Allow-list HTML sanitiser for 资讯 content. Operators paste text from elsewhere; the H5 renders
 * it with v-html, so anything that can run script must not survive (XSS, OWASP ASVS 5.3.3).
 * Allowed: p h3 h4 ul ol li strong em br, a[href] with an http(s) URL, img[src] with an http(s)
 * or site-relative URL (and its alt text, for screen readers). Every other tag is removed but
 * its text kept; script-like elements are removed with their content; every other attribute
 * (on*, style, class …) is dropped. Output is well-formed: unclosed tags are closed.
 *
 * Parsing is sanitize-html's (htmlparser2, a maintained tokenizer that follows the HTML spec for
 * entities, comments and raw-text elements): a hand-written regex tag parser is the classic source
 * of parser-differential and mutation-XSS bypasses (OWASP XSS Filter Evasion Cheat Sheet). Pinned
 * at 2.17.5: 2.17.6 and later require Node ≥ 22.12 and the quick start still runs on Node 20.19.
 */
import sanitize from 'sanitize-html';

const ALLOWED = ['p', 'h3', 'h4', 'ul', 'ol', 'li', 'strong', 'em', 'a', 'img', 'br'];

/**
 * Elements whose content is code, markup in another namespace, or raw text — not prose: dropped
 * whole. svg and math are here because their foreign-content parsing rules are where mutation
 * XSS lives; nothing inside them is worth keeping as text.
 */
const DROP_WITH_CONTENT = [
  'script', 'style', 'iframe', 'object', 'embed', 'template', 'noscript', 'textarea', 'title', 'svg', 'math',
  'select', 'option', 'xmp', 'noembed', 'noframes', 'plaintext', 'head',
];

/**
 * Our own stricter rule on top of the library's scheme check: a URL the browser will treat as
 * http(s), or (for images only) site-relative. The parser has already decoded entities; control
 * characters and spaces that browsers ignore inside a URL are removed before the check, so
 * `java\tscript:` cannot slip through, and `//host` or `/\host` (protocol-relative) are refused.
 */
function safeUrl(raw: string | undefined, allowRelative: boolean): string | null {
  if (raw === undefined) return null;
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const v = raw.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  if (/^https?:\/\/[^/\\]/i.test(v)) return v;
  if (allowRelative && /^\/(?![/\\])/.test(v) && !v.includes('\\')) return v;
  return null;
}

const OPTIONS: sanitize.IOptions = {
  allowedTags: ALLOWED,
  allowedAttributes: { a: ['href', 'rel'], img: ['src', 'alt'] },
  // Second line of defence behind safeUrl: the library's own scheme check (launder).
  allowedSchemes: ['http', 'https'],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: DROP_WITH_CONTENT,
  transformTags: {
    a: (tagName, attribs) => {
      const href = safeUrl(attribs.href, false);
      // An external link opens without handing the portal's window to the other site.
      const kept: sanitize.Attributes = href ? { href, rel: 'noopener noreferrer' } : {};
      return { tagName, attribs: kept };
    },
    img: (tagName, attribs) => {
      const src = safeUrl(attribs.src, true);
      const kept: sanitize.Attributes = src ? { src } : {};
      if (src && attribs.alt !== undefined) kept.alt = attribs.alt;
      return { tagName, attribs: kept };
    },
  },
  // A link without a safe address keeps its text but is no longer a link; an image without one goes.
  exclusiveFilter: (frame) => {
    if (frame.tag === 'a' && !frame.attribs.href) return 'excludeTag';
    if (frame.tag === 'img' && !frame.attribs.src) return true;
    return false;
  },
};

export function sanitizeHtml(input: string): string {
  return sanitize(input, OPTIONS);
}

/**
 * The serialiser above escapes text as &amp; &lt; &gt; (and attribute quotes as &quot;) and writes
 * every other character as itself, so these are the only references textOf has to undo.
 */
const OUTPUT_ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"' };

/** Plain text of sanitised HTML (the output of sanitizeHtml), for a summary when the operator gives none. */
export function textOf(html: string): string {
  // Block boundaries become spaces; inline tags (strong, em, a) join their text as written.
  return html
    .replace(/<\/?(?:p|h3|h4|ul|ol|li|br|img)\b[^>]*>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(?:amp|lt|gt|quot);/g, (m) => OUTPUT_ENTITIES[m]!)
    .replace(/\s+/g, ' ')
    .trim();
}
