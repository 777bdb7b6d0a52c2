// The real outbox modules, bundled by outbox.test.ts and loaded into a Chromium page.
// Plain JS so the Node type-check (no DOM types) leaves the browser modules to web/tsconfig.json.
import { newId, postBatch } from '../../../web/src/offline/outbox';
import * as store from '../../../web/src/offline/store';
import { createSync } from '../../../web/src/offline/sync';

Object.assign(globalThis, { outbox: { ...store, createSync, newId, postBatch } });
