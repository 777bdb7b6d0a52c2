import { createSignal } from 'solid-js';

/**
 * A tiny history router: the server answers every non-API path with the app shell,
 * so paths are plain `/profile`, and same-origin links need no special component.
 */
const [path, setPath] = createSignal(location.pathname);
export { path };

let moved = false;
/** True once the person has navigated, so pages move focus to their heading (not on first load). */
export const hasNavigated = () => moved;

export type Params = Readonly<Record<string, string>>;

/**
 * Matches `/courses/:courseId` style patterns segment by segment; `null` when they differ.
 * Parameters are decoded, and a segment that is not valid percent-encoding does not match.
 */
export function matchPath(pattern: string, actual: string): Params | null {
  const want = pattern.split('/');
  const got = actual.replace(/\/+$/, '').split('/');
  if (actual === '/') got.push('');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (const [i, part] of want.entries()) {
    const segment = got[i] ?? '';
    if (part.startsWith(':')) {
      if (!segment) return null;
      try {
        params[part.slice(1)] = decodeURIComponent(segment);
      } catch {
        return null;
      }
    } else if (part !== segment) return null;
  }
  return params;
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to !== location.pathname) history[options.replace ? 'replaceState' : 'pushState'](null, '', to);
  moved = true;
  setPath(location.pathname);
  scrollTo(0, 0);
}

function followLink(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = (event.target as Element | null)?.closest('a');
  if (!link || link.target || link.hasAttribute('download') || link.origin !== location.origin) return;
  // Static files (course content, the API) and the server's /verify page are not screens of the app.
  if (link.pathname.startsWith('/api/') || link.pathname.startsWith('/content/') || link.pathname === '/verify') return;
  event.preventDefault();
  if (link.hash && link.pathname === location.pathname) {
    document.getElementById(decodeURIComponent(link.hash.slice(1)))?.scrollIntoView();
    return;
  }
  navigate(link.pathname);
}

export function startRouter(): void {
  addEventListener('popstate', () => {
    moved = true;
    setPath(location.pathname);
  });
  document.addEventListener('click', followLink);
}
