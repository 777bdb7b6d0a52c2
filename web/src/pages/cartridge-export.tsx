import { createResource, createSignal, For } from 'solid-js';
import { ApiError } from '../api';
import { loadCatalogue } from '../content';
import { formatBytes } from '../format';
import { locale } from '../i18n';
import { ts } from '../i18n/staff';
import { createForm, FormError, Submit } from '../ui/form';
import { LanguageOptions } from '../ui/language-options';

/** The file name the server gave the cartridge, else one built from the request. */
const fileName = (res: Response, fallback: string) => /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallback;

async function download(url: string, fallback: string): Promise<{ name: string; bytes: number }> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin' });
  } catch {
    throw new ApiError('offline', '');
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
    throw new ApiError(body.error?.code ?? `http_${res.status}`, body.error?.message ?? res.statusText);
  }
  const blob = await res.blob();
  const name = fileName(res, fallback);
  const href = URL.createObjectURL(blob);
  Object.assign(document.createElement('a'), { href, download: name }).click();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return { name, bytes: blob.size };
}

/**
 * A course as an IMS Common Cartridge for the institution's own LMS (Moodle, Canvas, ...).
 * The server decides whether the institution may have the summative pool and says why not.
 */
export function CartridgeExport(props: { institutionId: string }) {
  const form = createForm();
  const [catalogue] = createResource(locale, (l) => loadCatalogue(l).catch(() => undefined));
  const [done, setDone] = createSignal('');
  const exportCourse = (event: SubmitEvent) =>
    form.submit(event, async (v) => {
      setDone('');
      const course = catalogue()?.courses.find((c) => c.id === v.course);
      const query = new URLSearchParams({ institutionId: props.institutionId, lang: v.lang ?? 'en', cc: v.cc ?? '1.3' });
      if (course) query.set('version', course.version);
      if (v.summative) query.set('include', 'summative');
      const got = await download(`/api/courses/${encodeURIComponent(v.course ?? '')}/cartridge?${query}`, `${v.course}.imscc`);
      setDone(ts('cartridgeDone', { file: got.name, size: formatBytes(got.bytes) }));
    });
  return (
    <section aria-labelledby="cartridge-title">
      <h2 id="cartridge-title">{ts('cartridgeTitle')}</h2>
      <p class="hint">{ts('cartridgeIntro')}</p>
      <form method="get" onSubmit={exportCourse} onInput={() => setDone('')} id="cartridge-export">
        <FormError form={form} />
        <div class="field">
          <label for="cartridge-course">{ts('cartridgeCourse')}</label>
          <select id="cartridge-course" name="course" required>
            <For each={catalogue()?.courses}>{(c) => <option value={c.id}>{`${c.title} (${c.version})`}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="cartridge-lang">{ts('cartridgeLanguage')}</label>
          <select id="cartridge-lang" name="lang">
            <LanguageOptions selected={locale()} />
          </select>
        </div>
        <fieldset class="field">
          <legend>{ts('cartridgeFormat')}</legend>
          <label>
            <input type="radio" name="cc" value="1.3" checked /> {ts('cartridgeCc13')}
          </label>
          <label>
            <input type="radio" name="cc" value="1.1" /> {ts('cartridgeCc11')}
          </label>
        </fieldset>
        <div class="field">
          <label>
            <input type="checkbox" name="summative" value="yes" aria-describedby="cartridge-summative-hint" /> {ts('cartridgeSummative')}
          </label>
          <p class="hint" id="cartridge-summative-hint">
            {ts('cartridgeSummativeHint')}
          </p>
        </div>
        <Submit form={form}>{ts('cartridgeDownload')}</Submit>
        <p role="status" class="status" id="cartridge-status">
          {done()}
        </p>
      </form>
    </section>
  );
}
