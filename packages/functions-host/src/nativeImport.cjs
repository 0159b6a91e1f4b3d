// Node's own dynamic import, loaded through require so that no transpiler or test runner rewrites it (the
// Node.js worker uses eval for the same reason). Used by appLoader.ts to load the app's entry files.
module.exports = (specifier) => import(specifier);
