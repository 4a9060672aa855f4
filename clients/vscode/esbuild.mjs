// Bundles the extension (Node, CommonJS, `vscode` external), the lesson webview script
// (browser IIFE with markdown-it and Mermaid inside: the webview loads nothing remote), the
// replay tool and the extension-host test suite. `--production` minifies; `--watch` rebuilds.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', legalComments: 'none' };

const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] },
  { ...common, entryPoints: ['src/webviews/lesson/main.ts'], outfile: 'dist/webview/lesson.js', platform: 'browser', format: 'iife', target: 'es2022' },
  // Mermaid is large; a script of its own lets the lesson text render before it has loaded.
  {
    ...common,
    entryPoints: ['src/webviews/lesson/mermaid.ts'],
    outfile: 'dist/webview/mermaid.js',
    sourcemap: false,
    minify: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  { ...common, entryPoints: ['src/sensor/replay.ts'], outfile: 'dist/replay.js', platform: 'node', format: 'cjs', target: 'node20' },
];
if (!production) {
  builds.push({
    ...common,
    entryPoints: ['test/suite/index.ts'],
    outfile: 'out/test/suite/index.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
  });
}

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
