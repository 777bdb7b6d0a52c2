/**
 * imsmanifest.xml: the course's LOM metadata, one organization (a rooted hierarchy whose
 * first-level items become Moodle sections and Canvas modules) and the resources.
 */
import type { Locale } from '../../../db/schema/enums';
import type { Reference } from './html';
import { XSI_NAMESPACE, type Profile } from './profile';
import { el, xmlDocument, type Child, type Xml } from './xml';

export interface Resource {
  identifier: string;
  type: string;
  /** The page to open; learning-application objects (QTI) have none, only their file. */
  href?: string;
  files: string[];
  dependencies?: string[];
  /** Hidden from learners on import (Moodle hides it, Canvas locks it). */
  instructorOnly?: boolean;
}

export interface Module {
  identifier: string;
  title: string;
  items: Array<{ identifier: string; title: string; resource: string }>;
}

export interface CourseMetadata {
  identifier: string;
  catalogueEntry: string;
  title: string;
  summary: string;
  language: Locale;
  version: string;
  /** "Version 1.2.0" in the cartridge's language. */
  versionLabel: string;
  keywords: string[];
  licence: string;
  references: Reference[];
}

/**
 * The cartridge's LOM, within the CC manifest profile of LOM (strict): no lifeCycle version
 * or status (only contribute is allowed), vocabularies as a bare `value`. The version travels
 * in the identifier and the description.
 */
function lom(meta: CourseMetadata): Xml {
  const m = (name: string, ...children: Child[]) => el(`lomimscc:${name}`, null, ...children);
  const text = (value: string) => el('lomimscc:string', { language: meta.language }, value);
  return m(
    'lom',
    m(
      'general',
      m('identifier', m('catalog', 'Cascade'), m('entry', meta.catalogueEntry)),
      m('title', text(meta.title)),
      m('language', meta.language),
      m('description', text(`${meta.summary} (${meta.versionLabel})`)),
      meta.keywords.map((k) => m('keyword', text(k))),
    ),
    m('rights', m('cost', m('value', 'no')), m('copyrightAndOtherRestrictions', m('value', 'yes')), m('description', text(meta.licence))),
    // Citations: LOM's "references" relation, one per cited standard or guide.
    meta.references.map((r) =>
      m(
        'relation',
        m('kind', m('value', 'references')),
        m('resource', m('identifier', m('catalog', 'URI'), m('entry', r.url)), m('description', el('lomimscc:string', null, `${r.title}. ${r.publisher}, ${r.year}.`))),
      ),
    ),
  );
}

function resourceXml(profile: Profile, r: Resource): Xml {
  const metadata = r.instructorOnly
    ? el(
        'metadata',
        null,
        el('lom:lom', null, el('lom:educational', null, el('lom:intendedEndUserRole', null, el('lom:source', null, profile.roles), el('lom:value', null, 'Instructor')))),
      )
    : null;
  return el(
    'resource',
    { identifier: r.identifier, type: r.type, href: r.href },
    metadata,
    r.files.map((href) => el('file', { href })),
    (r.dependencies ?? []).map((identifierref) => el('dependency', { identifierref })),
  );
}

export function manifestXml(profile: Profile, meta: CourseMetadata, modules: Module[], resources: Resource[]): string {
  const { cp, lom: lomNs, lomimscc } = profile.namespaces;
  const organization = el(
    'organization',
    { identifier: 'organization', structure: 'rooted-hierarchy' },
    el(
      'item',
      { identifier: 'root' },
      modules.map((mod) =>
        el(
          'item',
          { identifier: mod.identifier },
          el('title', null, mod.title),
          mod.items.map((i) => el('item', { identifier: i.identifier, identifierref: i.resource }, el('title', null, i.title))),
        ),
      ),
    ),
  );
  return xmlDocument(
    el(
      'manifest',
      { identifier: meta.identifier, xmlns: cp, 'xmlns:lom': lomNs, 'xmlns:lomimscc': lomimscc, 'xmlns:xsi': XSI_NAMESPACE, 'xsi:schemaLocation': profile.schemaLocation },
      el('metadata', null, el('schema', null, 'IMS Common Cartridge'), el('schemaversion', null, profile.schemaVersion), lom(meta)),
      el('organizations', null, organization),
      el('resources', null, resources.map((r) => resourceXml(profile, r))),
    ),
  );
}
