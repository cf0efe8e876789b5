// Imported FIRST by every browser entry (the extension's background and each page's main.tsx, the server's page
// scripts in server/web/browser/), before any module that defines a schema. Not re-exported by index.ts: it is
// imported for its effect alone.
// Why: zod 4 compiles fast object parsers with `new Function` unless told not to, and decides so per object
// schema, when the schema is created (at module load): it probes `new Function("")` once (zod/v4/core/util.js
// `allowsEval`). The extension's CSP (MV3: no 'unsafe-eval') and the server pages' (script-src 'self') refuse
// it; zod catches the error and falls back, but the browser still reports a CSP violation in every page and
// the background (Firefox logs it to the console; Chromium raises `securitypolicyviolation` and a DevTools
// issue). `jitless` skips the probe and the compiled parsers alike: the interpreted parser is what runs there
// anyway. An ES module's imports run in order, so the config is in place before the next import defines a
// schema. EVERY entry, not most: the pages share a chunk holding zod, this module and the schemas, and the
// order of modules inside it follows all the entries; with one page importing it later, all four extension
// pages probed again (checked; tests/browser/console-clean.test.ts checks each entry). On the server (Node, no CSP) the compiled parsers stay: nothing there imports this module.
import { z } from 'zod';

z.config({ jitless: true });
