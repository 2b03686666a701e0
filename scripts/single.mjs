#!/usr/bin/env node
// Builds one self-contained HTML file from a built dist folder (no second build): the CSS in a
// <style>, the JS glue and the wasm (as base64, compiled synchronously) in one module script. It
// runs from file:// (a USB stick, a classroom without network).
//
//   node scripts/single.mjs [DIST] [OUT]   defaults: dist, target/podplay-single.html
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [dist = 'dist', out = 'target/podplay-single.html'] = process.argv.slice(2);

function fail(message) {
  console.error(`single: ${message}`);
  process.exit(1);
}

const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
const find = (text, re, what) => text.match(re)?.[1] ?? fail(`no ${what} in ${dist}/index.html (build dist first)`);
// The loader script (scripts/loader.mjs moved it out of index.html) names the glue and the wasm.
const loaderName = find(html, /<script type="module" src="\.\/(loader-[0-9a-f]+\.js)"/, 'loader script');
const loader = readFileSync(path.join(dist, loaderName), 'utf8');
// The full page's glue and wasm (the loader may start the first module before them, which the
// single file does not need: everything in it is there at once).
const jsName = find(
  loader,
  /(?:import init, \* as bindings from |const bindings = await import\()'\.\/(podplay-[0-9a-f]+\.js)'/,
  'wasm-bindgen module',
);
const wasmName = find(loader, /module_or_path: '\.\/(podplay-[0-9a-f]+_bg\.wasm)'/, 'wasm file');
const cssNames = [...html.matchAll(/<link rel="stylesheet" href="\.\/([^"]+\.css)"[^>]*>/g)].map((m) => m[1]);

// The wasm-bindgen module as a plain script body: its exports become local names.
const glue = readFileSync(path.join(dist, jsName), 'utf8')
  .replace(/^export (function|class|const|let|async function) /gm, '$1 ')
  .replace(/^export \{[^}]*\};?\s*$/gm, '')
  .replace(/^export default [^;]*;\s*$/gm, '');
if (/^\s*(import|export)\b/m.test(glue)) fail(`${jsName} has an import or export left that cannot be inlined`);
const wasm = readFileSync(path.join(dist, wasmName)).toString('base64');

const boot = `${glue}
{
  const text = atob(${JSON.stringify(wasm)});
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  initSync({ module: new WebAssembly.Module(bytes) });
}`;
const css = cssNames.map((f) => readFileSync(path.join(dist, f), 'utf8')).join('\n');

// Trunk's preload links and the loader are replaced by the inlined copies. "</script" and
// "</style" never occur in base64; they are escaped in the glue and CSS in case a string holds
// them.
const styleText = `\n${css.replace(/<\/style/gi, '<\\/style')}\n`;
const scriptText = `\n${boot.replace(/<\/script/gi, '<\\/script')}\n`;
// The page's Content-Security-Policy allows its own origin's files; this file has none beside
// it, so its policy names the one inline script and the one style element by their digests
// (a changed byte in either and the browser refuses it). Nothing is fetched at all.
const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const policy = [
  "default-src 'none'",
  `script-src ${sha256(scriptText)} 'wasm-unsafe-eval'`,
  `style-src ${sha256(styleText)}`,
  'img-src data: blob:',
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
const metaRe = /<meta http-equiv="Content-Security-Policy" content="[^"]*"\s*\/?>/;
if (!metaRe.test(html)) fail(`no Content-Security-Policy <meta> in ${dist}/index.html`);
const single = html
  .replace(metaRe, () => `<meta http-equiv="Content-Security-Policy" content="${policy}" />`)
  .replace(/<link rel="(modulepreload|preload|stylesheet)"[^>]*>\s*/g, '')
  .replace(/<script type="module"[^>]*>[\s\S]*?<\/script>/, () => '')
  .replace('</head>', () => `<style>${styleText}</style>\n</head>`)
  .replace('</body>', () => `<script type="module">${scriptText}</script>\n</body>`);

mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, single);
console.log(`single: ${out} (${(single.length / 1024).toFixed(0)} KiB)`);
