import { describe, expect, it } from 'vitest';
import { webEntryFiles, webEntryNames } from './web-manifest.ts';

describe('webEntryFiles', () => {
  const manifest = {
    '_shared-A.js': { file: 'assets/shared-A.js', imports: ['_deep-B.js'] },
    '_deep-B.js': { file: 'assets/deep-B.js', css: ['assets/deep-B.css'] },
    'server/web/browser/pair.ts': { file: 'assets/pair-C.js', name: 'pair', isEntry: true, imports: ['_shared-A.js'] },
  };

  it('follows imports transitively and counts each file once', () => {
    expect(webEntryFiles(manifest, 'pair')).toEqual([
      'assets/pair-C.js',
      'assets/shared-A.js',
      'assets/deep-B.js',
      'assets/deep-B.css',
    ]);
  });

  it('answers undefined for an entry the build does not have', () => {
    expect(webEntryFiles(manifest, 'dashboard')).toBeUndefined();
  });
});

describe('webEntryNames', () => {
  it('names the entries only', () => {
    expect(
      webEntryNames({
        '_shared-A.js': { file: 'assets/shared-A.js' },
        'server/web/browser/pair.ts': { file: 'assets/pair-C.js', name: 'pair', isEntry: true },
      }),
    ).toEqual(['pair']);
  });
});
