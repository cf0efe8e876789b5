// tsconfig.browser.json maps the module `vite` here. WXT's type definitions import Vite's (for WXT's build
// config), and Vite's reference @types/node: browser code would get `process`, `Buffer` and the node: modules
// without a word of warning. Browser code never uses Vite's API, so an empty module stands in for it there.
export {};
