/**
 * Known XSS filter-bypass vectors against the news sanitiser: mutation XSS through elements with
 * their own parsing rules (noscript, svg, math, style, template …), javascript: hidden by character
 * references and whitespace, data: URLs, event handlers, srcset, comment tricks, <img onerror>
 * variants and unclosed markup. Sources: OWASP XSS Filter Evasion Cheat Sheet, the DOMPurify and
 * sanitize-html bypass reports (e.g. CVE-2020-26870, CVE-2021-26539, CVE-2024-21501), PortSwigger's
 * XSS cheat sheet.
 *
 * Rather than comparing exact strings, every output is checked against the only grammar the
 * sanitiser may produce: allowed tags without attributes, `<br />`, `<a href="http(s)…"
 * rel="noopener noreferrer">`, `<img src="http(s)… or /…" alt="…" />`, and text with & < > escaped.
 * Anything that could run script in a browser falls outside that grammar. The output must also be
 * a fixed point (sanitising it again changes nothing), the mark of a tree that does not mutate
 * when the browser re-parses it.
 */
import { describe, expect, it } from 'vitest';
import { sanitizeHtml } from './sanitize.js';

const VECTORS: string[] = [
  // script and its disguises
  '<script>alert(1)</script>',
  '<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>',
  '<scr<script>ipt>alert(1)</script>',
  '<script/xss src="https://xss.example/xss.js"></script>',
  '<<script>alert(1);//<</script>',
  '<script>alert(1)</script/x>after',
  '<p <script>alert(1)</script>>',
  // event handlers and <img onerror> variants
  '<img src=x onerror=alert(1)>',
  '<img src=x onerror=alert(1)//',
  '<img/src=x/onerror=alert(1)>',
  '<img src="https://a.cn/x.png" onerror = "alert(1)">',
  '<img src="https://a.cn/x.png"onerror="alert(1)">',
  '<img """><script>alert(1)</script>">',
  '<img src=`x`onerror=alert(1)>',
  '<IMG SRC="javascript:alert(1);">',
  '<img src="https://a.cn/x.png" alt="" onerror="alert(1)">',
  '<img src="https://a.cn/x.png" alt="\'" onload=alert(1) x="">',
  '<p onmouseover="alert(1)">hover</p>',
  '<body onload=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '<input autofocus onfocus=alert(1)>',
  '<video><source onerror="alert(1)"></video>',
  '<a href="https://a.cn" onclick="alert(1)" xlink:href="javascript:alert(1)">x</a>',
  '<a href="https://a.cn/&quot; onclick=&quot;alert(1)">x</a>',
  // javascript:, vbscript:, data: — with entities, whitespace and control characters
  '<a href="javascript:alert(1)">x</a>',
  '<a href="JaVaScRiPt:alert(1)">x</a>',
  '<a href="  javascript:alert(1)">x</a>',
  '<a href="java\tscript:alert(1)">x</a>',
  '<a href="java\nscript:alert(1)">x</a>',
  '<a href="\u0001javascript:alert(1)">x</a>',
  '<a href="jav&#x61;script:alert(1)">x</a>',
  '<a href="jav&#97;script:alert(1)">x</a>',
  '<a href="&#0000106avascript:alert(1)">x</a>',
  '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>',
  '<a href="javascript&colon;alert(1)">x</a>',
  '<a href="java&Tab;script:alert(1)">x</a>',
  '<a href="java&NewLine;script:alert(1)">x</a>',
  '<a href="vbscript:msgbox(1)">x</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
  '<img src="DATA:text/html,<script>alert(1)</script>">',
  '<a href="//evil.example/">x</a>',
  '<img src="//evil.example/x.png">',
  '<img src="/\\evil.example/x.png">',
  '<img src="\\\\evil.example/x.png">',
  '<img src="https:\\\\evil.example">',
  // srcset and other URL-bearing attributes
  '<img srcset="javascript:alert(1) 1x" src="/a.png">',
  '<img src="/a.png" srcset="data:image/svg+xml,<svg onload=alert(1)> 2x">',
  '<a href="https://a.cn" formaction="javascript:alert(1)">x</a>',
  '<img src="/a.png" longdesc="javascript:alert(1)">',
  // mutation XSS: elements whose content is parsed by other rules
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<svg><style><img src=x onerror=alert(1)></style></svg>',
  '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
  '<svg><p><style><a id="</style><img src=1 onerror=alert(1)>">',
  '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;img src=1 onerror=alert(1)&gt;">',
  '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>',
  '<math><mi><style><img src=x onerror=alert(1)></style></mi></math>',
  '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
  '<svg onload=alert(1)>',
  '<template><img src=x onerror=alert(1)></template>ok',
  '<xmp><img src=x onerror=alert(1)></xmp>',
  '<textarea></textarea><img src=x onerror=alert(1)>',
  '<title><img src=x onerror=alert(1)></title>',
  '<noembed><img src=x onerror=alert(1)></noembed>',
  '<noframes><img src=x onerror=alert(1)></noframes>',
  '<select><option><img src=x onerror=alert(1)></option></select>ok',
  '<p>a</p><plaintext><img src=x onerror=alert(1)>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<style>@import "https://xss.example/x.css";</style><p style="background:url(javascript:alert(1))">s</p>',
  '<style><img src="</style><img src=x onerror=alert(1)//">',
  '<div style="width: expression(alert(1))">x</div>',
  '<base href="javascript:alert(1)//"><a href="/x">x</a>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<link rel="import" href="https://xss.example/x.html">',
  // comments and other markup declarations
  '<!-- --!><img src=x onerror=alert(1)> -->',
  '<!--<!--><img src=x onerror=alert(1)>-->',
  '<!--><img src=x onerror=alert(1)>-->',
  '<!---><img src=x onerror=alert(1)>-->',
  '<!--[if IE]><img src=x onerror=alert(1)><![endif]-->',
  '<![CDATA[><img src=x onerror=alert(1)>]]>',
  '<?xml version="1.0"?><img src=x onerror=alert(1)>',
  '<!doctype html><img src=x onerror=alert(1)>',
  // attributes that break out of quotes, and unclosed markup
  '<p title="a>b"><img src=x onerror=alert(1)></p>',
  '<img src="https://a.cn/x.png" alt="&quot;><script>alert(1)</script>">',
  '<p title=it\'s>t<img src=x onerror=alert(1)//\'>',
  '<a href="https://a.cn/"><img src=x onerror=alert(1)',
  '<p><strong><em>unclosed',
  '<p>x<script>never closed',
  '<img src="https://a.cn/x.png',
  '<a href="https://a.cn/ onmouseover=alert(1)>x</a>',
  // text that looks like markup once decoded
  '&lt;img src=x onerror=alert(1)&gt;',
  '&#60;script&#62;alert(1)&#60;/script&#62;',
  '<p>&amp;lt;script&amp;gt;</p>',
];

const BARE = '(?:p|h3|h4|ul|ol|li|strong|em)';
const ATTR_VALUE = '[^"<>]*';
const TOKEN = new RegExp(
  [
    `<${BARE}>`,
    `</(?:${BARE.slice(3, -1)}|a)>`,
    '<br />',
    `<a href="(${ATTR_VALUE})" rel="noopener noreferrer">`,
    `<img src="(${ATTR_VALUE})"(?: alt="${ATTR_VALUE}")? />`,
    '(?:[^<>&]|&(?:amp|lt|gt);)+',
  ].join('|'),
  'y',
);
const decodeAttr = (v: string) => v.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Throws unless `html` is made only of the tokens the sanitiser may write, with safe URLs. */
function assertOnlySafeMarkup(html: string): void {
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < html.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(html);
    if (!m) throw new Error(`unexpected markup at ${at}: ${JSON.stringify(html.slice(at, at + 60))}`);
    const href = m[1] === undefined ? undefined : decodeAttr(m[1]);
    const src = m[2] === undefined ? undefined : decodeAttr(m[2]);
    // eslint-disable-next-line no-control-regex -- control characters in a URL are what we look for
    for (const url of [href, src]) if (url !== undefined && /[\u0000-\u0020\u007f-\u009f\\]/.test(url)) throw new Error(`URL with whitespace, control character or backslash: ${JSON.stringify(url)}`);
    if (href !== undefined && !/^https?:\/\/[^/]/i.test(href)) throw new Error(`unsafe href: ${href}`);
    if (src !== undefined && !/^(?:https?:\/\/[^/]|\/(?!\/))/i.test(src)) throw new Error(`unsafe src: ${src}`);
  }
}

describe('news sanitiser against known bypass vectors', () => {
  it.each(VECTORS)('%s', (vector) => {
    const out = sanitizeHtml(vector);
    assertOnlySafeMarkup(out);
    expect(out).not.toMatch(/<(?:script|style|svg|math|iframe|object|embed|noscript|template|base|meta|link|form|input)\b/i);
    // Text may mention "onerror=" harmlessly (it is escaped); inside a tag it may not.
    for (const tag of out.match(/<[^>]*>/g) ?? []) expect(tag).not.toMatch(/\son[a-z]+\s*=|javascript:|vbscript:|data:|srcset|xlink/i);
    expect(sanitizeHtml(out)).toBe(out);
  });

  it('the grammar check itself rejects script-capable output', () => {
    expect(() => assertOnlySafeMarkup('<img src="/a.png" onerror="alert(1)" />')).toThrow();
    expect(() => assertOnlySafeMarkup('<a href="javascript:alert(1)" rel="noopener noreferrer">x</a>')).toThrow();
    expect(() => assertOnlySafeMarkup('<a href="java&#x09;script:alert(1)" rel="noopener noreferrer">x</a>')).toThrow();
    expect(() => assertOnlySafeMarkup('<img src="//evil.example/x.png" />')).toThrow();
    expect(() => assertOnlySafeMarkup('<svg onload=alert(1)>')).toThrow();
    expect(() => assertOnlySafeMarkup('a & b')).toThrow();
    expect(() => assertOnlySafeMarkup('<p>ok <a href="https://a.cn/?a=1&amp;b=2" rel="noopener noreferrer">x</a><br /><img src="/f/1.png" alt="图" /></p>')).not.toThrow();
  });

  it('keeps the harmless part of a vector where a browser would show it', () => {
    expect(sanitizeHtml('<template><img src=x onerror=alert(1)></template>ok')).toBe('ok');
    expect(sanitizeHtml('<p title="a>b"><img src=x onerror=alert(1)></p>')).toBe('<p></p>');
    expect(sanitizeHtml('&lt;img src=x onerror=alert(1)&gt;')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(sanitizeHtml('<a href="https://a.cn/"><img src=x onerror=alert(1)')).toBe('<a href="https://a.cn/" rel="noopener noreferrer"></a>');
  });
});
