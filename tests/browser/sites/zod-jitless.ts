// Imported first by extension-driver.ts, before any module defines a schema (zod reads this at definition).
//
// Zod compiles fast parsers with new Function when it finds eval allowed. Shipped extension pages forbid eval
// (CSP), so zod sees that and never tries; code evaluated over the DevTools protocol is briefly exempt, which
// fools zod's check, and the compile then fails after the first await. Jitless is what shipped pages get.
import { z } from 'zod';

z.config({ jitless: true });
