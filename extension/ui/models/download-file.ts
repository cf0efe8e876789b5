import type { DownloadFile } from './history-model.ts';

/** How long the Blob URL outlives the click: the browser reads it asynchronously once the download starts. */
const REVOKE_AFTER_MS = 60_000;

/** Saves text as a file through a Blob and an <a download>: no downloads permission, works in every browser. */
export const downloadFile = ({ name, type, text }: DownloadFile): void => {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
};
