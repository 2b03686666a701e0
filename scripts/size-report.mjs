// Where the page's bytes go: per crate, per podplay module and per function, in a wasm file
// that still has its name section (`wasm-opt -Oz -g` keeps it; the shipped build strips it).
// `make bench` reads cargo's output before wasm-bindgen, so its figures include wasm-bindgen's
// describe functions, which the shipped file no longer has; shares are of code plus data.
//
//   node scripts/size-report.mjs FILE.wasm [TOP]
//
// A function's bytes are its body in the code section; data segments are counted apart. The
// crate of a function is the first path segment of its demangled name; generic functions are
// counted where they are defined (a BTreeMap instantiation is `alloc`), which is why a second
// table counts the bytes by the type they were instantiated for, when its name says so.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const file = process.argv[2];
const top = Number(process.argv[3] || 25);
if (!file) {
  console.error('usage: node scripts/size-report.mjs FILE.wasm [TOP]');
  process.exit(2);
}
const bytes = readFileSync(file);

function leb(buf, at) {
  let result = 0;
  let shift = 0;
  let pos = at;
  for (;;) {
    const b = buf[pos++];
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return [result, pos];
  }
}

// Sections: id, start, end.
const sections = [];
let pos = 8;
while (pos < bytes.length) {
  const id = bytes[pos];
  const [size, start] = leb(bytes, pos + 1);
  sections.push({ id, start, end: start + size });
  pos = start + size;
}

let imported = 0;
const importSec = sections.find((s) => s.id === 2);
if (importSec) {
  let [count, p] = leb(bytes, importSec.start);
  for (let i = 0; i < count; i++) {
    let len;
    [len, p] = leb(bytes, p);
    p += len;
    [len, p] = leb(bytes, p);
    p += len;
    const kind = bytes[p++];
    if (kind === 0) {
      [, p] = leb(bytes, p);
      imported++;
    } else if (kind === 1) {
      p += 1;
      const flags = bytes[p++];
      [, p] = leb(bytes, p);
      if (flags & 1) [, p] = leb(bytes, p);
    } else if (kind === 2) {
      const flags = bytes[p++];
      [, p] = leb(bytes, p);
      if (flags & 1) [, p] = leb(bytes, p);
    } else if (kind === 3) {
      p += 2;
    } else {
      [, p] = leb(bytes, p);
      p += 1;
    }
  }
}

const bodies = [];
const code = sections.find((s) => s.id === 10);
if (code) {
  let [count, p] = leb(bytes, code.start);
  for (let i = 0; i < count; i++) {
    const [size, start] = leb(bytes, p);
    bodies.push({ index: imported + i, start: p, size: start + size - p });
    p = start + size;
  }
}

const names = new Map();
for (const s of sections.filter((x) => x.id === 0)) {
  const [nlen, p0] = leb(bytes, s.start);
  const sname = bytes.subarray(p0, p0 + nlen).toString();
  if (sname !== 'name') continue;
  let p = p0 + nlen;
  while (p < s.end) {
    const sub = bytes[p];
    const [size, start] = leb(bytes, p + 1);
    if (sub === 1) {
      let [count, q] = leb(bytes, start);
      for (let i = 0; i < count; i++) {
        let idx;
        let len;
        [idx, q] = leb(bytes, q);
        [len, q] = leb(bytes, q);
        names.set(idx, bytes.subarray(q, q + len).toString());
        q += len;
      }
    }
    p = start + size;
  }
}

// Rust's legacy mangling: _ZN 3foo 3bar 17h<hash> E, with $LT$ and friends inside.
function demangle(name) {
  if (!name.startsWith('_ZN')) return name;
  const parts = [];
  let p = 3;
  while (p < name.length && name[p] !== 'E') {
    let n = 0;
    while (p < name.length && name[p] >= '0' && name[p] <= '9') n = n * 10 + Number(name[p++]);
    if (n === 0) break;
    parts.push(name.slice(p, p + n));
    p += n;
  }
  if (parts.length && /^h[0-9a-f]{16}$/.test(parts[parts.length - 1])) parts.pop();
  return parts
    .join('::')
    .replace(/\$LT\$/g, '<')
    .replace(/\$GT\$/g, '>')
    .replace(/\$u20\$/g, ' ')
    .replace(/\$u7b\$/g, '{')
    .replace(/\$u7d\$/g, '}')
    .replace(/\$RF\$/g, '&')
    .replace(/\$BP\$/g, '*')
    .replace(/\$C\$/g, ',')
    .replace(/\$u27\$/g, "'")
    .replace(/\$u5b\$/g, '[')
    .replace(/\$u5d\$/g, ']')
    .replace(/\.\./g, '::')
    .replace(/^_</, '<');
}

function crateOf(full) {
  // Rust's v0 mangling (`_RNv…Cs<hash>_4core…`): the first crate named in it.
  if (full.startsWith('_R')) {
    const m = /C[s0-9A-Za-z]*?_(\d+)([A-Za-z_])/.exec(full);
    if (m) {
      const at = m.index + m[0].length - 1;
      const name = full.slice(at, at + Number(m[1]));
      return ['alloc', 'core', 'std'].includes(name) ? 'alloc/core/std' : name;
    }
  }
  let s = full.replace(/^</, '');
  // `<T as Trait>::f`: the impl's type decides.
  const m = /^([A-Za-z_][A-Za-z0-9_]*)/.exec(s);
  if (!m) return '(other)';
  const first = m[1];
  const aliases = { alloc: 'alloc/core/std', core: 'alloc/core/std', std: 'alloc/core/std' };
  return aliases[first] || first;
}

function moduleOf(full) {
  const s = full.replace(/^</, '');
  const m = /^podplay::([A-Za-z_0-9]+)/.exec(s);
  return m ? m[1] : null;
}

const rows = bodies.map((b) => {
  const full = demangle(names.get(b.index) || `func${b.index}`);
  return { ...b, full, crate: crateOf(full), module: moduleOf(full) };
});

let dataBytes = 0;
const data = sections.find((s) => s.id === 11);
if (data) dataBytes = data.end - data.start;
const codeBytes = code ? code.end - code.start : 0;
const total = bytes.length;
const gz = gzipSync(bytes, { level: 9 }).length;

const kib = (n) => (n / 1024).toFixed(1).padStart(8);
// Shares of what ships (code and data), not of the name section this file keeps.
const pct = (n) => ((100 * n) / (codeBytes + dataBytes)).toFixed(1).padStart(5) + ' %';

function table(title, map, limit) {
  console.log(`\n${title}`);
  const list = [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, limit);
  for (const [k, v] of list) console.log(`${kib(v)} KiB ${pct(v)}  ${k}`);
}

console.log(`${file}: ${kib(total)} KiB raw, ${kib(gz)} KiB gzip -9`);
console.log(`  code ${kib(codeBytes).trim()} KiB (${bodies.length} functions), data ${kib(dataBytes).trim()} KiB, other ${kib(total - codeBytes - dataBytes).trim()} KiB`);

const byCrate = new Map();
const byModule = new Map();
const byGeneric = new Map();
for (const r of rows) {
  byCrate.set(r.crate, (byCrate.get(r.crate) || 0) + r.size);
  if (r.module) byModule.set(r.module, (byModule.get(r.module) || 0) + r.size);
  for (const g of ['BTreeMap', 'btree', 'sort', 'fmt', 'serde', 'Debug', 'Display', 'Deserialize', 'Serialize']) {
    if (r.full.includes(g)) byGeneric.set(g, (byGeneric.get(g) || 0) + r.size);
  }
}
byCrate.set('(data segments)', dataBytes);
table('by crate (function bodies; generics count in the crate that defines them)', byCrate, 30);
table('podplay by module', byModule, 30);
table('functions whose name mentions (overlapping)', byGeneric, 20);
const topRows = [...rows].sort((a, b) => b.size - a.size).slice(0, top);
console.log(`\ntop ${top} functions`);
for (const r of topRows) console.log(`${kib(r.size)} KiB ${pct(r.size)}  ${r.full.slice(0, 150)}`);
