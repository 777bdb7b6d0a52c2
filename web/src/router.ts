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
  if (link.pathname.startsWith('/api/')) return;
  event.preventDefault();
  navigate(link.pathname);
}

export function startRouter(): void {
  addEventListener('popstate', () => {
    moved = true;
    setPath(location.pathname);
  });
  document.addEventListener('click', followLink);
}
