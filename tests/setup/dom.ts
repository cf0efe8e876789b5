// Fresh IndexedDB for every test file: unit tests of extension/db must not share state.
import 'fake-indexeddb/auto';
import { cleanup } from '@testing-library/preact';
import { afterEach } from 'vitest';

// Vitest globals are off, so @testing-library cannot register its own cleanup: unmount after every test here.
afterEach(cleanup);
