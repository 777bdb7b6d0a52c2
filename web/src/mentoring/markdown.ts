import type MarkdownIt from 'markdown-it';

/**
 * Markdown for community posts, rendered in the browser: markdown-it with raw HTML off, no
 * images, no headings (a post is never a page's heading), and links only to http(s) and mailto.
 * Its output then passes an allow-list of elements and attributes before it reaches the page,
 * so nothing in a post can run or load anything. markdown-it loads only when a Markdown post is shown.
 */
let engine: Promise<MarkdownIt> | undefined;

const SAFE_LINK = /^(https?:|mailto:)/i;
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;
/** Only web and mail links; a relative link stays on this site. Control characters and spaces never hide a scheme. */
export const safeHref = (href: string) => {
  const bare = href.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  return SAFE_LINK.test(bare) || !HAS_SCHEME.test(bare);
};

function load(): Promise<MarkdownIt> {
  engine ??= import('markdown-it').then(({ default: Markdown }) => {
    const md = new Markdown('default', { html: false, linkify: true, breaks: true });
    md.disable(['image', 'heading', 'lheading']);
    md.validateLink = safeHref;
    return md;
  });
  // Offline before it was ever fetched: try again next time rather than keep the failure.
  engine.catch(() => (engine = undefined));
  return engine;
}

const ALLOWED = new Set(['P', 'BR', 'STRONG', 'EM', 'S', 'CODE', 'PRE', 'BLOCKQUOTE', 'UL', 'OL', 'LI', 'A', 'HR', 'TABLE', 'THEAD', 'TBODY', 'TR', 'TH', 'TD']);

/** Keeps allowed elements (links with a safe href only) and the text of everything else. */
function clean(node: Node): void {
  for (const child of [...node.childNodes]) {
    if (child.nodeType === Node.TEXT_NODE) continue;
    if (!(child instanceof Element) || !ALLOWED.has(child.tagName)) {
      child.replaceWith(...(child instanceof Element && child.tagName !== 'SCRIPT' && child.tagName !== 'STYLE' ? [document.createTextNode(child.textContent ?? '')] : []));
      continue;
    }
    const href = child.tagName === 'A' ? child.getAttribute('href') : null;
    for (const attr of [...child.attributes]) child.removeAttribute(attr.name);
    if (href !== null && safeHref(href)) {
      child.setAttribute('href', href);
      child.setAttribute('rel', 'nofollow ugc noopener noreferrer');
    }
    clean(child);
  }
}

/** The post's Markdown as a fragment of safe elements. */
export async function renderMarkdown(source: string): Promise<DocumentFragment> {
  const md = await load();
  // A <template>'s content is inert: nothing in it loads or runs while it is parsed.
  const template = document.createElement('template');
  template.innerHTML = md.render(source);
  clean(template.content);
  return template.content;
}
