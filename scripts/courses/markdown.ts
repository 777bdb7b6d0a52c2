import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { imageInfo, type ImageInfo } from './media';

/** Parses with HTML on only to find it: any raw HTML in a lesson is an error. */
const detector = new MarkdownIt({ html: true });
// Let every link through the parser, so dangerous ones are reported rather than silently dropped.
detector.validateLink = () => true;
/** Renders with HTML off, so nothing an author writes can become markup of its own. */
const renderer = new MarkdownIt({ html: false, linkify: false, typographer: false });

export interface MarkdownContext {
  courseId: string;
  lessonIds: ReadonlySet<string>;
  /** Media files of the course by name, with their public URLs once built. */
  media: ReadonlyMap<string, { bytes: Uint8Array; url?: string }>;
}

export interface Finding {
  line: number;
  message: string;
}

function* walk(tokens: Token[]): Generator<Token> {
  for (const t of tokens) {
    yield t;
    if (t.children) yield* walk(t.children);
  }
}

function checkLink(href: string, ctx: MarkdownContext): string | null {
  if (href.startsWith('lesson:')) {
    const id = href.slice('lesson:'.length);
    return ctx.lessonIds.has(id) ? null : `links to lesson "${id}", which this course does not have.`;
  }
  if (/^https:\/\/[^\s/]+\.[^\s/]+/.test(href) || /^mailto:[^\s@]+@[^\s@]+$/.test(href)) return null;
  return `has an unsafe or unsupported link "${href}". Use https://..., mailto:..., or lesson:<lesson-id>.`;
}

/** Everything in a lesson's Markdown that breaks the rules in courses/README.md. */
export function lintMarkdown(body: string, ctx: MarkdownContext): Finding[] {
  const findings: Finding[] = [];
  let line = 0;
  for (const t of walk(detector.parse(body, {}))) {
    if (t.map) line = t.map[0] + 1;
    if (t.type === 'html_block' || t.type === 'html_inline') {
      findings.push({ line, message: `contains raw HTML (${t.content.trim().slice(0, 40)}). Use Markdown only.` });
    }
    if (t.type === 'text' && /\blesson:[a-z0-9-]+/.test(t.content)) {
      findings.push({ line, message: `writes "${/lesson:[a-z0-9-]+/.exec(t.content)?.[0]}" as plain text. Make it a link: [the lesson's title](lesson:<id>).` });
    }
    if (t.type === 'heading_open' && t.tag === 'h1') {
      findings.push({ line, message: 'uses a level-1 heading. Start at ##: the lesson title is the page heading.' });
    }
    if (t.type === 'link_open') {
      const problem = checkLink(t.attrGet('href') ?? '', ctx);
      if (problem) findings.push({ line, message: problem });
    }
    if (t.type === 'image') {
      const src = t.attrGet('src') ?? '';
      const name = src.startsWith('media/') ? src.slice('media/'.length) : null;
      const file = name ? ctx.media.get(name) : undefined;
      if (!t.content.trim()) findings.push({ line, message: `shows image "${src}" without alt text. Say what it shows.` });
      if (!name || !file) {
        findings.push({ line, message: `shows image "${src}", which is not a file in this course's media/ folder.` });
        continue;
      }
      const info = imageInfo(name, file.bytes);
      if (typeof info === 'string') findings.push({ line, message: `shows image media/${name}, which ${info}` });
    }
  }
  return findings;
}

/** Renders lesson Markdown to HTML with course links and images resolved. Assumes `lintMarkdown` passed. */
export function renderMarkdown(body: string, ctx: MarkdownContext): string {
  const tokens = renderer.parse(body, {});
  for (const t of walk(tokens)) {
    if (t.type === 'link_open') {
      const href = t.attrGet('href') ?? '';
      if (href.startsWith('lesson:')) {
        t.attrSet('href', `/courses/${ctx.courseId}/lessons/${href.slice('lesson:'.length)}`);
      } else {
        t.attrSet('rel', 'noopener noreferrer');
      }
    }
    if (t.type === 'image') {
      const name = (t.attrGet('src') ?? '').slice('media/'.length);
      const file = ctx.media.get(name);
      const info = file ? (imageInfo(name, file.bytes) as ImageInfo) : undefined;
      t.attrSet('src', file?.url ?? '');
      if (info) {
        t.attrSet('width', String(info.width));
        t.attrSet('height', String(info.height));
      }
      t.attrSet('loading', 'lazy');
      t.attrSet('decoding', 'async');
    }
  }
  return renderer.renderer.render(tokens, renderer.options, {});
}
