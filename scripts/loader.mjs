#!/usr/bin/env node
// Moves the module script Trunk writes inline into a built index.html (it imports the
// wasm-bindgen glue and starts the wasm) into a file of its own, loader-<hash>.js, and loads it
// with <script type="module" src=… integrity=…>. index.html's Content-Security-Policy allows
// scripts from the page's origin only ('self', no 'unsafe-inline'), so an inline script would be
// refused. Then checks that index.html holds no other inline script, <style>, style= or on…=
// attribute, which the policy would refuse too: the build fails instead of the page.
//
// Runs before scripts/sw.mjs (Trunk.toml's post_build hook runs both, in this order), so the
// service worker precaches the loader.
//
//   node scripts/loader.mjs [DIR]   DIR defaults to $TRUNK_STAGING_DIR (Trunk's post_build hook), else dist
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? 'dist';
const base = process.env.TRUNK_PUBLIC_URL ?? './';
const file = path.join(dir, 'index.html');

function fail(message) {
  console.error(`loader: ${message}`);
  process.exit(1);
}

let html = readFileSync(file, 'utf8');
const sha384 = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

// The first module (index.html's second rust link, built by Trunk as a "worker" so that it is
// neither hashed nor injected): named by its content, preloaded instead of the full page, and
// started by the loader before the full page is fetched. See src/ui/first.rs.
let first = null;
if (existsSync(path.join(dir, 'podplay-first.js'))) {
  const wasmBytes = readFileSync(path.join(dir, 'podplay-first_bg.wasm'));
  const hash = createHash('sha256').update(wasmBytes).digest('hex').slice(0, 16);
  first = { js: `podplay-first-${hash}.js`, wasm: `podplay-first-${hash}_bg.wasm` };
  const glue = readFileSync(path.join(dir, 'podplay-first.js'), 'utf8').replaceAll('podplay-first_bg.wasm', first.wasm);
  writeFileSync(path.join(dir, first.js), glue);
  renameSync(path.join(dir, 'podplay-first_bg.wasm'), path.join(dir, first.wasm));
  rmSync(path.join(dir, 'podplay-first.js'));
  // Nothing is preloaded: at a phone's bandwidth the full page's files would slow the first
  // module, and the first module's would slow a page that skips it (an embed, a share link).
  // The loader fetches the first module's glue and wasm together as it starts.
  html = html.replace(/<link rel="(?:modulepreload|preload)" href="[^"]*podplay-[0-9a-f]+(?:\.js|_bg\.wasm)"[^>]*>/g, '');
}

// Trunk's loader imports the full page's glue statically; with a first module it is imported
// after the first module is up. Pages that open straight into the simulation (an embed, a share
// link) skip the first module.
function withFirst(body) {
  if (!first) return body;
  const full = body.replace(/import init, \* as bindings from '([^']+)';/, "const bindings = await import('$1');\nconst init = bindings.default;");
  if (full === body) fail("Trunk's loader has no `import init, * as bindings from '…';` to defer");
  return `// The first module (editor and validator) starts before the full page is fetched.
const query = new URLSearchParams(location.search);
const fragment = new URLSearchParams(location.hash.slice(1));
if (!query.has('embed') && !fragment.has('embed') && !fragment.has('s')) {
  try {
    const wasm = fetch('./${first.wasm}');
    const first = await import('./${first.js}');
    await first.default({ module_or_path: wasm });
  } catch (err) {
    console.warn('podplay: the first module did not start; the full page follows', err);
  }
}
${full}`;
}

const loaders = [];
html = html.replace(/<script type="module"([^>]*)>([\s\S]*?)<\/script>/g, (whole, attrs, trunkBody) => {
  if (/\bsrc=/.test(attrs)) return whole;
  const body = withFirst(trunkBody);
  const name = `loader-${createHash('sha256').update(body).digest('hex').slice(0, 16)}.js`;
  const integrity = sha384(body);
  writeFileSync(path.join(dir, name), body);
  loaders.push(name);
  return `<script type="module" src="${base}${name}" integrity="${integrity}"></script>`;
});

// What the policy would refuse: a script without src, a <style> element, a style attribute or
// an inline event handler. Comments are left out of the check.
const markup = html.replace(/<!--[\s\S]*?-->/g, '');
const refused = [
  [/<script(?![^>]*\bsrc=)[^>]*>/i, 'an inline <script>'],
  [/<style[\s>]/i, 'a <style> element'],
  [/<[a-z][^>]*\sstyle=/i, 'a style= attribute'],
  [/<[a-z][^>]*\son[a-z]+=/i, 'an on…= event handler attribute'],
];
for (const [re, what] of refused) {
  const m = markup.match(re);
  if (m) fail(`${file} has ${what}, which its Content-Security-Policy refuses: ${m[0].slice(0, 80)}`);
}
if (!/<meta http-equiv="Content-Security-Policy"/.test(markup)) {
  fail(`${file} has no Content-Security-Policy <meta>`);
}

writeFileSync(file, html);
console.log(`loader: ${loaders.length ? loaders.join(', ') : 'no inline loader found'}`);
