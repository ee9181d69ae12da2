// Lint rules. The important part is the layer fence: each layer may import only what sits
// below it, so the core stays pure and the webview never pulls in Node or VS Code.
//   core      <- nothing of ours, no node:*, no vscode
//   recorder  <- core + Node built-ins (runs inside the user's process)
//   run, cli  <- core + Node (no vscode: shared by the CLI and the extension)
//   extension <- everything but the webview
//   webview   <- core only (browser bundle)
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'path', 'child_process', 'worker_threads', 'os', 'url', 'module', 'util', 'async_hooks', 'inspector', 'events', 'net', 'http', 'perf_hooks', 'crypto', 'stream'];
const fence = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-artifacts/**', 'test/fixtures/**', 'examples/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // The launcher is plain CommonJS (it must run before anything is built).
    files: ['bin/**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: fence(['vscode', '**/recorder/**', '**/run/**', '**/cli/**', '**/extension/**', '**/webview/**', ...nodeBuiltins], 'src/core is pure: no Node, no vscode, no other layer.'),
  },
  {
    files: ['src/recorder/**/*.ts'],
    rules: fence(['vscode', '**/run/**', '**/cli/**', '**/extension/**', '**/webview/**'], 'The recorder runs inside the user process: only Node built-ins and src/core.'),
  },
  {
    files: ['src/run/**/*.ts', 'src/cli/**/*.ts'],
    rules: fence(['vscode', '**/extension/**', '**/recorder/**', '**/webview/**'], 'The runner and CLI are shared with the extension: no vscode, no recorder internals.'),
  },
  {
    files: ['src/extension/**/*.ts'],
    rules: fence(['**/recorder/**', '**/webview/**'], 'The extension talks to the webview only through src/core/protocol.'),
  },
  {
    files: ['webview/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: fence(['vscode', '**/src/recorder/**', '**/src/run/**', '**/src/cli/**', '**/src/extension/**', ...nodeBuiltins], 'The webview is a browser bundle: src/core only.'),
  },
);
