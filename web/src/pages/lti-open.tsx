import { onMount } from 'solid-js';
import { t } from '../i18n';
import { navigate, type Params } from '../router';

/**
 * Where an LTI launch lands, inside the academy's platform: the server served this shell with a
 * policy that lets that platform frame it, and the app moves on to the course or lesson in the
 * same document (a new document would be refused the frame).
 */
export function LtiOpen(_props: { params: Params }) {
  onMount(() => {
    const to = new URLSearchParams(location.search).get('to') ?? '/';
    navigate(/^\/(?!\/)/.test(to) ? to : '/', { replace: true });
  });
  return <p class="muted">{t('loading')}</p>;
}
