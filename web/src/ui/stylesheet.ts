const linked = new Map<string, Promise<void>>();

/**
 * Links a stylesheet once (a same-origin <link>, as the CSP's `style-src 'self'` allows) and
 * settles when it has loaded, or failed: unstyled beats not shown. The screens that need one pass
 * the URL of a `?url` import, so Vite emits it as its own hashed asset rather than merging it
 * into the shell's styles.css (one file for every page, as `cssCodeSplit: false` wants).
 */
export function linkStylesheet(href: string): Promise<void> {
  let done = linked.get(href);
  if (!done) {
    done = new Promise((settle) => {
      const link = Object.assign(document.createElement('link'), { rel: 'stylesheet', href });
      link.addEventListener('load', () => settle());
      link.addEventListener('error', () => settle());
      document.head.appendChild(link);
    });
    linked.set(href, done);
  }
  return done;
}
