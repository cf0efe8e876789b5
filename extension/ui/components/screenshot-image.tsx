import { useEffect, useState } from 'preact/hooks';

export type ScreenshotImageProps = { blob: Blob; alt: string };

/**
 * A stored screenshot. The object URL lives exactly as long as the image: made when it mounts (or its Blob
 * changes) and revoked when it unmounts, so paging through walkthroughs does not pile up Blob memory.
 */
export function ScreenshotImage({ blob, alt }: ScreenshotImageProps) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const made = URL.createObjectURL(blob);
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [blob]);
  return url === null ? null : <img class="screenshot" src={url} alt={alt} />;
}
