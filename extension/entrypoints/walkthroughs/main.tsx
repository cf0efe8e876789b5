// Unlisted page (walkthroughs.html, the sampler's history). Not named "history": WXT would make an entrypoint of
// that name replace Chrome's own history page (chrome_url_overrides).
// First: zod must be told not to probe `new Function` before any schema is defined (see the module).
import '../../../shared/schemas/zod-jitless.ts';
import { render } from 'preact';
import { createDb } from '../../db/journey-sampler-db.ts';
import { downloadFile } from '../../ui/models/download-file.ts';
import { createHistoryModel } from '../../ui/models/history-model.ts';
import { HistoryScreen } from '../../ui/screens/history-screen.tsx';
import '../../ui/styles/base.css';
import '../../ui/styles/history.css';

const root = document.getElementById('app');
if (root) {
  const model = createHistoryModel(createDb(), { download: downloadFile });
  render(<HistoryScreen model={model} />, root);
}
