// `?url`: Vite emits the stylesheet as its own hashed asset rather than merging it into the
// shell's styles.css (one file for every page, as `cssCodeSplit: false` wants).
import href from './mentoring.css?url';

let linked: Promise<void> | undefined;

/**
 * Links the mentoring screens' stylesheet once (a same-origin <link>, as the CSP's `style-src 'self'`
 * allows) and settles when it has loaded, or failed: unstyled beats not shown.
 */
export function mentoringStyle(): Promise<void> {
  linked ??= new Promise((done) => {
    const link = Object.assign(document.createElement('link'), { rel: 'stylesheet', href });
    link.addEventListener('load', () => done());
    link.addEventListener('error', () => done());
    document.head.appendChild(link);
  });
  return linked;
}
