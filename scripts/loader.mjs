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
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? 'dist';
const base = process.env.TRUNK_PUBLIC_URL ?? './';
const file = path.join(dir, 'index.html');

function fail(message) {
  console.error(`loader: ${message}`);
  process.exit(1);
}

let html = readFileSync(file, 'utf8');
const loaders = [];
html = html.replace(/<script type="module"([^>]*)>([\s\S]*?)<\/script>/g, (whole, attrs, body) => {
  if (/\bsrc=/.test(attrs)) return whole;
  const name = `loader-${createHash('sha256').update(body).digest('hex').slice(0, 16)}.js`;
  const integrity = `sha384-${createHash('sha384').update(body).digest('base64')}`;
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
