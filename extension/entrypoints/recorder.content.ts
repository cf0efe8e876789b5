import { defineContentScript } from 'wxt/utils/define-content-script';
import { capturePageEvidence } from '../evidence/page-evidence.ts';
import { sendToBackground } from '../platform/runtime-messages.ts';

// The evidence script: never in the manifest. The background registers it (scripting.registerContentScripts)
// only while a walkthrough is recorded and only for the origins the sampler granted, and injects it into tabs
// already open there (platform/content-script-registration.ts). No `matches` here: WXT would turn them into
// install-time host permissions.
export default defineContentScript({
  registration: 'runtime',
  main(ctx) {
    capturePageEvidence({
      signal: ctx.signal,
      send: (message, delivery) => sendToBackground(delivery === undefined ? message : { ...message, delivery }),
    });
  },
});
