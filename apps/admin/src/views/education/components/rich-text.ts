/**
 * What the console's rich-text editor keeps: the server sanitiser's tags (news/sanitize.ts: p h3 h4
 * ul ol li strong em a br; links only http(s)). The browser's editing commands write <b>, <div> and
 * styled spans; they are mapped or unwrapped so the editor shows what citizens will see.
 */
const RENAME: Record<string, string> = { b: 'strong', i: 'em', div: 'p', h1: 'h3', h2: 'h3', h5: 'h4', h6: 'h4' };
const KEEP = new Set(['p', 'h3', 'h4', 'ul', 'ol', 'li', 'strong', 'em', 'a', 'br']);

/** A copy of `root`'s children with only the kept tags (others unwrapped, renamed ones mapped). */
function clean(root: Node, doc: Document): DocumentFragment {
  const out = doc.createDocumentFragment();
  root.childNodes.forEach((n) => {
    if (n.nodeType === Node.TEXT_NODE) {
      out.appendChild(doc.createTextNode(n.textContent ?? ''));
      return;
    }
    if (n.nodeType !== Node.ELEMENT_NODE) return;
    const el = n as Element;
    const tag = RENAME[el.tagName.toLowerCase()] ?? el.tagName.toLowerCase();
    if (tag === 'script' || tag === 'style') return;
    if (!KEEP.has(tag)) {
      out.appendChild(clean(el, doc));
      return;
    }
    const copy = doc.createElement(tag);
    if (tag === 'a') {
      const href = el.getAttribute('href') ?? '';
      if (!/^https?:\/\//i.test(href)) {
        out.appendChild(clean(el, doc));
        return;
      }
      copy.setAttribute('href', href);
    }
    copy.appendChild(clean(el, doc));
    out.appendChild(copy);
  });
  return out;
}

/** `html` reduced to the kept tags; '' for an emptied editor. */
export function normaliseHtml(html: string): string {
  const doc = document.implementation.createHTMLDocument('');
  const src = doc.createElement('div');
  src.innerHTML = html;
  const dst = doc.createElement('div');
  dst.appendChild(clean(src, doc));
  const out = dst.innerHTML.trim();
  // An editor emptied by deleting everything leaves <br> or an empty paragraph.
  return /^(<p>)?(<br>)?(<\/p>)?$/.test(out) ? '' : out;
}

