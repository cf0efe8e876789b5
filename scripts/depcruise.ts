// `npm run lint` step: dependency-cruiser checks the layers of the house (.dependency-cruiser.cjs says which and why).
// It first makes sure dependency-cruiser can read TypeScript, since it would otherwise pass on an empty graph.
import { spawnSync } from 'node:child_process';
import { linkDepcruiseTypeScript } from './link-depcruise-typescript.ts';

/** Everything the rules speak of; test files are excluded by the config itself. */
const CRUISED_FOLDERS = ['extension', 'server', 'shared', 'bench', 'scripts'] as const;

linkDepcruiseTypeScript();
// Imported only now: dependency-cruiser looks for `typescript` once, when it loads.
const { getAvailableTranspilers } = await import('dependency-cruiser');
const typescript = getAvailableTranspilers().find((transpiler) => transpiler.name === 'typescript');
if (!typescript?.available) {
  console.error(
    `dependency-cruiser cannot parse TypeScript (it needs ${typescript?.version ?? 'a typescript'} with a JavaScript ` +
      'API; see scripts/link-depcruise-typescript.ts): run npm ci.',
  );
  process.exit(1);
}

const result = spawnSync('npx', ['depcruise', '--config', '.dependency-cruiser.cjs', ...CRUISED_FOLDERS], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
