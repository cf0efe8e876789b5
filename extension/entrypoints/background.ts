import { defineBackground } from 'wxt/utils/define-background';

// The MV3 service worker can be stopped at any moment, so nothing may live only in its memory: all state is
// in IndexedDB (extension/db). Nothing to wire yet: the toolbar popup owns the action click and opens the
// side panel itself (Chrome's openPanelOnActionClick stays at its default, false, or it would fight the
// popup). Sync alarms and the message router are registered here when extension/sync and
// extension/messaging arrive.
export default defineBackground(() => {});
