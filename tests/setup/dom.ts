// Fresh IndexedDB for every test file: unit tests of extension/db must not share state.
import 'fake-indexeddb/auto';
