import { createEffect, onMount, type JSX } from 'solid-js';
import { t } from '../i18n';
import { hasNavigated } from '../router';

/** One screen: names the document and, after a navigation, moves focus to its heading. */
export function Page(props: { title: string; children: JSX.Element }) {
  let heading: HTMLHeadingElement | undefined;
  createEffect(() => {
    document.title = `${props.title} · ${t('appName')}`;
  });
  onMount(() => {
    if (hasNavigated()) heading?.focus();
  });
  return (
    <>
      <h1 ref={heading} tabindex="-1">
        {props.title}
      </h1>
      {props.children}
    </>
  );
}
