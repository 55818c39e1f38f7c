// Parquet benchmark driver: lakeml vs DuckDB on the same files, in one run (see
// docs/benchmarks.md for the method). Builds nothing: point it at a built lakeml tree.
//
//   node bench/parquet/run.mjs [--build DIR] [--rows N] [--reps R]
//                              [--only scan|columns|write|convert] [--wait-quiet S]
//                              [--docs | --no-docs]
//
//   --build   lakeml build directory (default $LAKEML_BUILD_DIR, else build/release); needs
//             bench/bench_parquet_scan_bench and bench/bench_parquet_write_bench in it
//   --rows    rows of the generated data (default $BENCH_ROWS, else 10,000,000)
//   --reps    timed runs per measurement, after one warm-up; the median is reported (default 5)
//   --docs    update the generated section of docs/benchmarks.md (default: only for 10M rows)
//   --wait-quiet S  first wait up to S seconds for the load average to fall below 0.5
//
// Single-thread runs of both engines are pinned to core 0 with `taskset -c 0`. Ratios are
// lakeml / DuckDB: below 1 means lakeml is faster.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { kColumns } from './duckdb_bench.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--docs') out.docs = true;
    else if (a === '--no-docs') out.docs = false;
    else if (a.startsWith('--')) out[a.slice(2)] = argv[++i];
    else throw new Error(`Unexpected argument: ${a}`);
  }
  return out;
}

const args = parseArgs(process.argv.slice(2));
const buildDir = path.resolve(repo, args.build ?? process.env.LAKEML_BUILD_DIR ?? 'build/release');
const rows = Number(args.rows ?? process.env.BENCH_ROWS ?? 10_000_000);
const reps = Number(args.reps ?? 5);
const writeReps = Number(args.reps ?? 3);
const only = args.only;
const writeDocs = args.docs ?? rows === 10_000_000;
const dataDir = path.join(repo, 'bench/data');
const outDir = path.join(dataDir, 'out');
const scanBin = path.join(buildDir, 'bench/bench_parquet_scan_bench');
const writeBin = path.join(buildDir, 'bench/bench_parquet_write_bench');
const lakemlBin = path.join(buildDir, 'lakeml');
const duckdbScript = path.join(here, 'duckdb_bench.mjs');

for (const bin of [scanBin, writeBin]) {
  if (!fs.existsSync(bin)) {
    console.error(`run.mjs: ${bin} is missing; build it first: ninja -C ${buildDir} ` +
                  `bench_parquet_scan_bench bench_parquet_write_bench lakeml`);
    process.exit(2);
  }
}

// ---- helpers ---------------------------------------------------------------------------------

function sh(cmd) {
  const r = spawnSync('bash', ['-c', cmd], { encoding: 'utf8' });
  return (r.stdout ?? '').trim();
}

// Runs a command that prints one JSON object; pinned to core 0 when `pin`.
function runJson(argv, pin, extraEnv = {}) {
  const full = pin ? ['taskset', '-c', '0', ...argv] : argv;
  const r = spawnSync(full[0], full.slice(1), { encoding: 'utf8', maxBuffer: 1 << 26,
                                                env: { ...process.env, ...extraEnv } });
  if (r.status !== 0) {
    throw new Error(`Command failed (exit ${r.status}): ${full.join(' ')}\n${r.stderr}`);
  }
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

function duck(mode, opts, pin) {
  const argv = ['node', duckdbScript, mode];
  for (const [k, v] of Object.entries(opts)) argv.push(`--${k}`, String(v));
  return runJson(argv, pin);
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function sameValue(a, b) {
  if (a === null || b === null) return a === b;
  return String(a) === String(b) || Number(a) === Number(b);
}

function checkAgg(what, lakeml, duckdb) {
  const flat = lakeml.flat();
  const bad = [];
  if (flat.length !== duckdb.length) bad.push(`${flat.length} vs ${duckdb.length} values`);
  for (let i = 0; i < Math.min(flat.length, duckdb.length); i++) {
    if (!sameValue(flat[i], duckdb[i])) bad.push(`#${i}: lakeml ${flat[i]}, duckdb ${duckdb[i]}`);
  }
  if (bad.length) throw new Error(`${what}: lakeml and DuckDB disagree: ${bad.join('; ')}`);
}

const kMallocTunables =
    'glibc.malloc.mmap_threshold=268435456:glibc.malloc.trim_threshold=1073741824';
const cpuRatio = (l, d) =>
  l && d && l.cpu_median_s && d.cpu_median_s ? (l.cpu_median_s / d.cpu_median_s).toFixed(2) : '-';
const mib = (kib) => (kib / 1024).toFixed(0);
const secs = (s) => s.toFixed(3);
const loadavg = () => os.loadavg()[0];

// ---- machine ---------------------------------------------------------------------------------

const cpuModel = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) ??
                  [null, 'unknown'])[1];
const memTotalKiB = Number((fs.readFileSync('/proc/meminfo', 'utf8')
                              .match(/MemTotal:\s*(\d+)/) ?? [0, 0])[1]);
const machine = {
  nproc: sh('nproc'),
  cpu: cpuModel,
  ram_gib: (memTotalKiB / 1048576).toFixed(1),
  date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  commit: sh(`git -C ${repo} rev-parse --short HEAD`),
  duckdb: '',
  build: path.relative(repo, buildDir),
  build_type: (sh(`grep -m1 '^CMAKE_BUILD_TYPE' ${buildDir}/CMakeCache.txt`).split('=')[1] ?? '?'),
};
// --wait-quiet S: wait up to S seconds for the 1-minute load average to drop below 0.5.
const waitQuiet = Number(args['wait-quiet'] ?? 0);
for (const t0 = Date.now(); waitQuiet > 0 && loadavg() >= 0.5 &&
     Date.now() - t0 < waitQuiet * 1000;) {
  console.log(`waiting for a quiet machine: load ${loadavg().toFixed(2)}`);
  spawnSync('sleep', ['15']);
}
const loads = [loadavg()];
machine.date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
console.log(`machine: ${machine.nproc} cores, ${machine.cpu}, ${machine.ram_gib} GiB RAM; ` +
            `load ${loads[0].toFixed(2)}; build ${machine.build} (${machine.build_type})`);
if (loads[0] >= 0.5) console.log('WARNING: load average >= 0.5: timings are noisy.');

// ---- data ------------------------------------------------------------------------------------

const suffix = rows === 10_000_000 ? '' : `.${rows}`;
const fileName = `scan_CODEC${suffix}.parquet`;
const files = {
  zstd: path.join(dataDir, fileName.replace('CODEC', 'zstd')),
  snappy: path.join(dataDir, fileName.replace('CODEC', 'snappy')),
};
if (!fs.existsSync(files.zstd) || !fs.existsSync(files.snappy)) {
  console.log(`generating ${rows} rows into ${dataDir} ...`);
  duck('gen', { rows, dir: dataDir, name: fileName }, false);
}
fs.mkdirSync(outDir, { recursive: true });
const sourceAgg = duck('agg', { file: files.snappy }, false).agg;
const baseline = duck('baseline', {}, false);
machine.duckdb = sh(`node -e "console.log(require('${repo}/test/interop/node_modules/` +
                    `@duckdb/node-api/package.json').version)"`);
console.log(`data: ${rows} rows; zstd ${(fs.statSync(files.zstd).size / 1048576).toFixed(1)} MiB,` +
            ` snappy ${(fs.statSync(files.snappy).size / 1048576).toFixed(1)} MiB; ` +
            `DuckDB ${machine.duckdb}, idle node+DuckDB RSS ${mib(baseline.maxrss_kib)} MiB`);

// ---- measurements ----------------------------------------------------------------------------

// Each row: what, threads, lakeml result, duckdb result, and a note.
const table = [];
function record(what, threads, l, d, note = '') {
  const row = { what, threads, l, d, note };
  table.push(row);
  const ratio = d ? (l.median_s / d.median_s).toFixed(2) : '-';
  console.log(`${what.padEnd(34)} t=${threads}  lakeml ${secs(l.median_s)} s` +
              (d ? `  duckdb ${secs(d.median_s)} s  ratio ${ratio}  cpu ratio ${cpuRatio(l, d)}`
                 : '') +
              `  peak ${mib(l.maxrss_kib)}` + (d ? `/${mib(d.maxrss_kib)}` : '') + ' MiB' +
              (note ? `  (${note})` : ''));
}

// lakeml's scan_bench with the given file, threads and work (and extra flags).
function lakemlScan(file, threads, work, extra = [], env = {}) {
  return runJson([scanBin, file, '--threads', threads, '--reps', reps, '--work', work,
                  ...extra].map(String), threads === 1, env);
}

if (!only || only === 'scan') {
  for (const codec of ['zstd', 'snappy']) {
    for (const threads of [1, 2]) {
      const pin = threads === 1;
      // Decode: lakeml into Vectors vs DuckDB into its vectors (EXPLAIN ANALYZE SELECT *).
      const dd = duck('scan', { file: files[codec], threads, reps, work: 'decode' }, pin);
      record(`scan ${codec}: decode`, threads, lakemlScan(files[codec], threads, 'decode'), dd,
             threads > 1 ? 'lakeml: columns of a row group in parallel' : '');
      if (threads === 1) {
        // What-if, not lakeml as shipped: glibc keeps freed memory instead of returning it to
        // the kernel, which removes most page faults (see the profile in docs/benchmarks.md).
        record(`scan ${codec}: decode`, threads,
               lakemlScan(files[codec], threads, 'decode', [],
                          { GLIBC_TUNABLES: kMallocTunables }),
               dd, 'what-if: GLIBC_TUNABLES keeps freed memory');
      } else {
        record(`scan ${codec}: decode`, threads,
               lakemlScan(files[codec], threads, 'decode', ['--parallel', 'rowgroups']), dd,
               'lakeml: row groups in parallel (by the bench)');
      }
      // The same aggregates in both engines; their answers must agree.
      const l = lakemlScan(files[codec], threads, 'minmax');
      const d = duck('scan', { file: files[codec], threads, reps, work: 'minmax' }, pin);
      checkAgg(`scan ${codec}`, l.agg, d.agg);
      checkAgg(`scan ${codec} vs source`, l.agg, sourceAgg);
      record(`scan ${codec}: count/min/max`, threads, l, d);
    }
    loads.push(loadavg());
  }
}

// One column at a time, one thread, decode only: which decoders are behind.
if (!only || only === 'columns') {
  for (const codec of ['zstd', 'snappy']) {
    for (const column of kColumns) {
      const l = lakemlScan(files[codec], 1, 'decode', ['--columns', column]);
      const d = duck('scan', { file: files[codec], threads: 1, reps, columns: column,
                               work: 'decode' }, true);
      record(`column ${column}, ${codec}: decode`, 1, l, d);
    }
    loads.push(loadavg());
  }
}

if (!only || only === 'write') {
  for (const codec of ['zstd', 'snappy']) {
    for (const threads of [1, 2]) {
      const pin = threads === 1;
      const lout = path.join(outDir, `lakeml_write_${codec}.parquet`);
      const dout = path.join(outDir, `duckdb_write_${codec}.parquet`);
      const l = runJson([writeBin, files.snappy, lout, '--mode', 'write', '--codec', codec,
                         '--threads', threads, '--reps', writeReps].map(String), pin);
      const d = duck('write', { file: files.snappy, out: dout, codec, threads, reps: writeReps },
                     pin);
      if (threads === 1) checkAgg(`lakeml write ${codec}`, duck('agg', { file: lout }).agg,
                                  sourceAgg);
      record(`write ${codec} (from memory)`, threads, l, d,
             `files: lakeml ${mib(l.bytes / 1024)} MiB, duckdb ${mib(d.bytes / 1024)} MiB`);
      if (threads === 1) {
        const lt = runJson([writeBin, files.snappy, lout, '--mode', 'write', '--codec', codec,
                            '--threads', threads, '--reps', writeReps].map(String), pin,
                           { GLIBC_TUNABLES: kMallocTunables });
        record(`write ${codec} (from memory)`, threads, lt, d,
               'what-if: GLIBC_TUNABLES keeps freed memory');
      }
    }
    loads.push(loadavg());
  }
}

if (!only || only === 'convert') {
  const cliHelp = spawnSync(lakemlBin, ['parquet', 'convert', '--help'], { encoding: 'utf8' });
  const haveCli = cliHelp.status === 0 && /convert/.test(cliHelp.stdout);
  const cliThreads = haveCli && /--threads/.test(cliHelp.stdout);
  const cliQuiet = haveCli && /--quiet/.test(cliHelp.stdout);
  for (const codec of ['zstd', 'snappy']) {
    for (const threads of [1, 2]) {
      const pin = threads === 1;
      const lout = path.join(outDir, `lakeml_convert_${codec}.parquet`);
      const dout = path.join(outDir, `duckdb_convert_${codec}.parquet`);
      const l = runJson([writeBin, files[codec], lout, '--mode', 'convert', '--codec', codec,
                         '--threads', threads, '--reps', writeReps].map(String), pin);
      const d = duck('convert', { file: files[codec], out: dout, codec, threads, reps: writeReps },
                     pin);
      record(`convert ${codec}->${codec} (FileReader+FileWriter)`, threads, l, d);
      if (haveCli && (cliThreads || threads === 2)) {
        // Without a --threads option the CLI uses every core, so it is compared at 2 threads.
        const argv = [lakemlBin, 'parquet', 'convert', files[codec], lout, '--compression', codec,
                      ...(cliThreads ? ['--threads', String(threads)] : []),
                      ...(cliQuiet ? ['--quiet'] : [])];
        const times = [];
        const cpu = [];
        let peak = 0;
        for (let i = 0; i < writeReps; i++) {
          const full = ['/usr/bin/time', '-f', '%e %M %U %S',
                        ...(pin ? ['taskset', '-c', '0'] : []), ...argv];
          const r = spawnSync(full[0], full.slice(1), { encoding: 'utf8' });
          if (r.status !== 0) throw new Error(`lakeml parquet convert failed: ${r.stderr}`);
          const [e, m, u, sys] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
          times.push(e);
          cpu.push(u + sys);
          peak = Math.max(peak, m);
        }
        record(`convert ${codec}->${codec} (lakeml CLI)`, threads,
               { median_s: median(times), cpu_median_s: median(cpu), maxrss_kib: peak }, d,
               '/usr/bin/time, 10 ms resolution; process start included');
      }
    }
    loads.push(loadavg());
  }
  if (!haveCli) console.log('note: `lakeml parquet convert` is not available in this build.');
}

// ---- report ----------------------------------------------------------------------------------

// The load average counts the benchmark's own busy threads (1 or 2): the machine counts as
// quiet when it was below 0.5 before the run and never above 2.5 during it.
const builtAt = fs.statSync(scanBin).mtime.toISOString().replace(/\.\d+Z$/, 'Z');
const noisy = loads[0] >= 0.5 || Math.max(...loads.slice(1)) > 2.5;
const lines = [];
lines.push(`Run: ${machine.date}, commit ${machine.commit}, build \`${machine.build}\` ` +
           `(${machine.build_type}; bench binaries linked ${builtAt}), DuckDB ${machine.duckdb} ` +
           '(node).');
lines.push(`Machine: ${machine.nproc} cores (nproc), ${machine.cpu}, ${machine.ram_gib} GiB RAM.`);
lines.push(`Data: ${rows.toLocaleString('en-US')} rows; median of ${reps} scans / ${writeReps} ` +
           `writes after one warm-up; 1-thread runs pinned with \`taskset -c 0\`.`);
lines.push(`Load average (1 min) before the run and after each part: ` +
           `${loads.map((x) => x.toFixed(2)).join(' → ')} (it includes the benchmark's own 1-2 ` +
           'busy threads)' +
           (noisy ? ' — **NOISY: other processes were using the CPUs; treat the ratios as ' +
                    'indicative only.**' : ': quiet.'));
lines.push('');
lines.push('| benchmark | threads | lakeml s | DuckDB s | lakeml / DuckDB | CPU-time ratio | ' +
           'lakeml peak RSS MiB | DuckDB peak RSS MiB | note |');
lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---|');
// Scans: DuckDB's peak, then its peak above an idle node + DuckDB process. Writes: each
// engine's peak, then its growth over the RSS it had with the table loaded (an upper bound of
// what the write itself needed: the load may have peaked higher than the write).
const peakCell = (x, write, idle) => {
  if (!x) return '-';
  if (write && x.rss_before_kib) {
    return `${mib(x.maxrss_kib)} (+${mib(x.maxrss_kib - x.rss_before_kib)})`;
  }
  return idle ? `${mib(x.maxrss_kib)} (${mib(x.maxrss_kib - idle)})` : mib(x.maxrss_kib);
};
for (const r of table) {
  const ratio = r.d ? (r.l.median_s / r.d.median_s).toFixed(2) : '-';
  const write = r.what.startsWith('write');
  lines.push(`| ${r.what} | ${r.threads} | ${secs(r.l.median_s)} | ` +
             `${r.d ? secs(r.d.median_s) : '-'} | ${ratio} | ${cpuRatio(r.l, r.d)} | ` +
             `${peakCell(r.l, write, 0)} | ` +
             `${peakCell(r.d, write, baseline.maxrss_kib)} | ${r.note} |`);
}
lines.push('');
lines.push('Times are wall-clock medians. CPU-time ratio: the same for user + system CPU time of ' +
           'the whole process, which does not count time spent waiting for a busy CPU.');
lines.push(`Peak RSS: scans and converts show the process peak; DuckDB's is followed by the part ` +
           `above an idle node + DuckDB process (${mib(baseline.maxrss_kib)} MiB). Writes hold ` +
           'the whole table in memory first; "+N" is the growth over that during the writes.');
const report = lines.join('\n');
console.log('\n' + report);

if (writeDocs) {
  const docs = path.join(repo, 'docs/benchmarks.md');
  const begin = '<!-- BEGIN parquet-bench (generated by bench/parquet/run.mjs) -->';
  const end = '<!-- END parquet-bench -->';
  let text = fs.existsSync(docs) ? fs.readFileSync(docs, 'utf8')
                                 : `# Benchmarks\n\n${begin}\n${end}\n`;
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  if (i < 0 || j < i) text += `\n${begin}\n${end}\n`;
  const a = text.indexOf(begin);
  const b = text.indexOf(end);
  text = text.slice(0, a + begin.length) + '\n' + report + '\n' + text.slice(b);
  fs.writeFileSync(docs, text);
  console.log(`\nupdated ${path.relative(repo, docs)}`);
}
