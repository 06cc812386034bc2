import { describe, expect, it } from 'vitest';
import { sanitizeHtml, textOf } from './sanitize.js';

describe('news sanitiser', () => {
  // Serialisation is sanitize-html's: void elements are written `<br />`, and character references
  // in text are decoded and re-escaped (only & < > stay as references).
  it('keeps the allowed tags', () => {
    const html = '<h3>标题</h3><p>正文<strong>加粗</strong><em>强调</em><br />换行</p><ul><li>一</li></ul><ol><li>二</li></ol><h4>小标题</h4>';
    expect(sanitizeHtml(html)).toBe(html);
    expect(sanitizeHtml(html.replace('<br />', '<br>'))).toBe(html);
  });

  it('strips <script>, <style>, <iframe> with their content, and on* / style attributes', () => {
    expect(sanitizeHtml('<p>前<script>alert(1)</script>后</p>')).toBe('<p>前后</p>');
    expect(sanitizeHtml('<SCRIPT src=x></SCRIPT ><p>a</p>')).toBe('<p>a</p>');
    expect(sanitizeHtml('<p onclick="alert(1)" style="color:red" class="x">a</p>')).toBe('<p>a</p>');
    expect(sanitizeHtml('<img src="https://a.cn/1.png" onerror="alert(1)" alt="图">')).toBe('<img src="https://a.cn/1.png" alt="图" />');
    expect(sanitizeHtml('<style>p{}</style><iframe src="https://evil"></iframe>ok')).toBe('ok');
    expect(sanitizeHtml('<p>x<script>never closed')).toBe('<p>x</p>');
    expect(sanitizeHtml('<svg><script>alert(1)</script></svg>t')).toBe('t');
  });

  it('allows only http(s) links and http(s) or site-relative images', () => {
    expect(sanitizeHtml('<a href="https://www.dazhou.gov.cn/">达州</a>')).toBe('<a href="https://www.dazhou.gov.cn/" rel="noopener noreferrer">达州</a>');
    expect(sanitizeHtml('<a href="javascript:alert(1)">x</a>')).toBe('x');
    expect(sanitizeHtml('<a href="jav&#x61;script:alert(1)">x</a>')).toBe('x');
    expect(sanitizeHtml('<a href="java\tscript:alert(1)">x</a>')).toBe('x');
    expect(sanitizeHtml('<a href=" https://a.cn/?q=1&amp;r=2">x</a>')).toBe('<a href="https://a.cn/?q=1&amp;r=2" rel="noopener noreferrer">x</a>');
    expect(sanitizeHtml('<img src="data:image/png;base64,AAAA">')).toBe('');
    expect(sanitizeHtml('<img src="//evil.cn/x.png">')).toBe('');
    expect(sanitizeHtml('<img src="/files/news/1.png">')).toBe('<img src="/files/news/1.png" />');
    expect(sanitizeHtml('<a href="https://a.cn/" onmouseover="x()" target="_top">x</a>')).toBe('<a href="https://a.cn/" rel="noopener noreferrer">x</a>');
  });

  it('keeps the text of other tags, escapes stray markup and closes what is left open', () => {
    expect(sanitizeHtml('<div><span>文字</span></div>')).toBe('文字');
    expect(sanitizeHtml('1 < 2 & 3 > 2')).toBe('1 &lt; 2 &amp; 3 &gt; 2');
    expect(sanitizeHtml('&lt;script&gt; &amp; &#39;')).toBe("&lt;script&gt; &amp; '");
    expect(sanitizeHtml('<p><strong>未闭合')).toBe('<p><strong>未闭合</strong></p>');
    // As a browser parses it: a stray </p> stands for an empty paragraph (HTML §13.2.6.4.7), a stray </li> for nothing.
    expect(sanitizeHtml('</p>孤立的结束标签</li>')).toBe('<p></p>孤立的结束标签');
    expect(sanitizeHtml('<!-- 注释 --><p>a</p><!doctype html>')).toBe('<p>a</p>');
    expect(sanitizeHtml('<p title="a>b">x</p>')).toBe('<p>x</p>');
    expect(sanitizeHtml('<img src="https://a.cn/x.png" alt="&quot;><script>">')).toBe('<img src="https://a.cn/x.png" alt="&quot;&gt;&lt;script&gt;" />');
  });

  it('textOf gives the plain text for summaries', () => {
    expect(textOf('<h3>标题</h3><p>第一段&amp;第二段</p>')).toBe('标题 第一段&第二段');
  });
});
