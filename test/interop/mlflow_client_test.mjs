// The real npm MLflow client (`mlflow` 2.0.7, "MLflow api client for Node.js") against
// `lakeml server`: experiments, runs, logging, search and metric history through the client's
// own API, checked field by field; then a few raw fetch() calls for what that client cannot
// reach on any MLflow 2.x server (see below).
//
// Known client limits (they fail against MLflow's own server too, so they are not tested
// through the client): Experiments.list() calls GET experiments/list, which MLflow removed in
// 2.0 (use experiments/search); Experiments.setExperimentTag() builds the URL
// ".../experimentsset-experiment-tag" (a missing slash). Both are exercised with fetch().
//
// usage: node mlflow_client_test.mjs <path-to-lakeml> [<shared-dir>]
// Exit 0 when everything matches, 1 on any mismatch, 77 (skipped) when the mlflow package is
// missing and LAKEML_REQUIRE_INTEROP is unset.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

const SKIP = 77;
if (process.argv.length < 3) {
  console.error(`usage: node ${process.argv[1]} <path-to-lakeml> [<shared-dir>]`);
  process.exit(2);
}
const lakeml = process.argv[2];

let MLflow;
try {
  MLflow = (await import('mlflow')).default;
} catch (e) {
  if (process.env.LAKEML_REQUIRE_INTEROP) {
    console.error(`the npm package mlflow is required (LAKEML_REQUIRE_INTEROP is set): ${e.message}`);
    process.exit(1);
  }
  console.log(`SKIPPED: the npm package mlflow is not installed (${e.message})`);
  process.exit(SKIP);
}

let failures = 0;
function check(condition, what, detail) {
  if (condition) return;
  failures++;
  console.error(`FAIL: ${what}${detail === undefined ? '' : `: ${JSON.stringify(detail)}`}`);
}

// The client prints every POST body with console.log; keep the test output readable.
const realLog = console.log;
async function quiet(promise) {
  console.log = () => {};
  try {
    return await promise;
  } finally {
    console.log = realLog;
  }
}
// The client rejects with Error("Error: {status, statusText, data}").
function clientError(e) {
  const text = String(e.message).replace(/^Error: /, '');
  try {
    return JSON.parse(text);
  } catch {
    return { status: 0, data: text };
  }
}

const warehouse = fs.mkdtempSync(path.join(os.tmpdir(), 'lakeml-mlflow-interop-'));
const server = spawn(lakeml, ['server', '--port', '0', '--warehouse', warehouse],
                     { stdio: ['ignore', 'pipe', 'inherit'] });
const exited = new Promise((resolve) => server.on('exit', (code, signal) => resolve({ code, signal })));
const endpoint = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('lakeml server did not start in 30 s')), 30000);
  const lines = readline.createInterface({ input: server.stdout });
  lines.on('line', (line) => {
    const m = line.match(/listening on (http:\/\/[^\s]+)/);
    if (m) {
      clearTimeout(timer);
      resolve(m[1]);
    }
  });
  server.on('exit', (code) => reject(new Error(`lakeml server exited early (${code})`)));
});

async function raw(method, route, body) {
  const init = { method, headers: { 'Content-Type': 'application/json' } };
  if (body !== undefined) init.body = JSON.stringify(body);
  const r = await fetch(`${endpoint}/api/2.0/mlflow/${route}`, init);
  return { status: r.status, json: await r.json().catch(() => null) };
}

try {
  const client = new MLflow({ endpoint });
  const { Experiments, Runs, Metrics } = client;

  // Experiments.
  const { experiment_id } = await quiet(Experiments.create({ name: 'interop' }));
  check(typeof experiment_id === 'string' && experiment_id !== '0', 'create experiment', experiment_id);
  const { experiment } = await Experiments.get({ experiment_id });
  check(experiment.name === 'interop', 'get experiment name', experiment);
  check(experiment.lifecycle_stage === 'active', 'experiment lifecycle', experiment);
  check(experiment.artifact_location === `mlflow-artifacts:/${experiment_id}`,
        'experiment artifact location', experiment);
  await quiet(Experiments.update({ experiment_id, new_name: 'interop-renamed' }));
  check((await Experiments.get({ experiment_id })).experiment.name === 'interop-renamed',
        'rename experiment');

  // Runs and logging.
  const start = Date.now();
  const { run } = await quiet(Runs.create({
    experiment_id, user_id: 'node', start_time: start,
    tags: [{ key: 'mlflow.runName', value: 'node-run' }],
  }));
  const runId = run.info.run_id;
  check(/^[0-9a-f]{32}$/.test(runId), 'run id', run.info);
  check(run.info.run_uuid === runId, 'run_uuid mirrors run_id', run.info);
  check(run.info.run_name === 'node-run', 'run name from mlflow.runName', run.info);
  check(run.info.start_time === start, 'start_time is a JSON number', run.info);
  check(run.info.status === 'RUNNING', 'new run status', run.info);

  await quiet(Runs.logParameter({ run_id: runId, key: 'lr', value: '0.01' }));
  for (let step = 0; step < 3; step++) {
    await quiet(Runs.logMetric({ run_id: runId, key: 'loss', value: 1 / (step + 1), timestamp: start + step, step }));
  }
  await quiet(Runs.setTag({ run_id: runId, key: 'team', value: 'ml' }));
  await quiet(Runs.setTag({ run_id: runId, key: 'tmp', value: 'x' }));
  await quiet(Runs.deleteTag({ run_id: runId, key: 'tmp' }));
  await quiet(Runs.logBatch({
    run_id: runId,
    metrics: [{ key: 'acc', value: 0.9, timestamp: start, step: 0 }],
    params: [{ key: 'depth', value: '4' }],
    tags: [{ key: 'batch', value: 'yes' }],
  }));

  const { run: got } = await Runs.get({ run_id: runId });
  const byKey = (list) => Object.fromEntries((list || []).map((x) => [x.key, x]));
  const metrics = byKey(got.data.metrics);
  const params = byKey(got.data.params);
  const tags = byKey(got.data.tags);
  check(metrics.loss && metrics.loss.value === 1 / 3 && metrics.loss.step === 2,
        'latest loss', got.data.metrics);
  check(metrics.acc && metrics.acc.value === 0.9, 'batch metric', got.data.metrics);
  check(params.lr && params.lr.value === '0.01' && params.depth && params.depth.value === '4',
        'params', got.data.params);
  check(tags.team && tags.team.value === 'ml' && tags.batch && !tags.tmp, 'tags', got.data.tags);

  const history = await Metrics.getHistory({ run_id: runId, metric_key: 'loss' });
  check(history.metrics && history.metrics.length === 3, 'history length', history);
  check(history.metrics && history.metrics.map((m) => m.step).join() === '0,1,2',
        'history steps', history);

  const found = await quiet(Runs.search({ experiment_ids: [experiment_id], filter: 'metrics.loss < 0.5' }));
  check(found.runs && found.runs.length === 1 && found.runs[0].info.run_id === runId,
        'search runs by metric', found);
  const notFound = await quiet(Runs.search({ experiment_ids: [experiment_id], filter: "params.lr = '9'" }));
  check(notFound.runs === undefined, 'empty search omits runs', notFound);

  const end = start + 10;
  const updated = await quiet(Runs.update({ run_id: runId, status: 'FINISHED', end_time: end }));
  check(updated.run_info.status === 'FINISHED' && updated.run_info.end_time === end,
        'update run', updated);

  await quiet(Runs.delete({ run_id: runId }));
  check((await Runs.get({ run_id: runId })).run.info.lifecycle_stage === 'deleted', 'delete run');
  await quiet(Runs.restore({ run_id: runId }));
  check((await Runs.get({ run_id: runId })).run.info.lifecycle_stage === 'active', 'restore run');

  // Errors come back as MLflow's {error_code, message} with its HTTP status.
  try {
    await Runs.get({ run_id: '0123456789abcdef0123456789abcdef' });
    check(false, 'unknown run must fail');
  } catch (e) {
    const err = clientError(e);
    check(err.status === 404 && err.data && err.data.error_code === 'RESOURCE_DOES_NOT_EXIST',
          'unknown run error', err);
  }
  try {
    await quiet(Experiments.create({ name: 'interop-renamed' }));
    check(false, 'duplicate experiment must fail');
  } catch (e) {
    const err = clientError(e);
    check(err.status === 400 && err.data && err.data.error_code === 'RESOURCE_ALREADY_EXISTS',
          'duplicate experiment error', err);
  }

  await quiet(Experiments.delete({ experiment_id }));
  check((await Experiments.get({ experiment_id })).experiment.lifecycle_stage === 'deleted',
        'delete experiment');
  await quiet(Experiments.restore({ experiment_id }));

  // What the client cannot reach (see the header): plain fetch against the same server.
  const tag = await raw('POST', 'experiments/set-experiment-tag', { experiment_id, key: 'k', value: 'v' });
  check(tag.status === 200, 'set-experiment-tag', tag);
  const search = await raw('POST', 'experiments/search', { filter: "name = 'interop-renamed'" });
  check(search.status === 200 && search.json.experiments.length === 1 &&
        search.json.experiments[0].tags[0].key === 'k', 'search experiments', search);
  const list = await raw('GET', 'experiments/list');
  check(list.status === 404, 'experiments/list is gone in MLflow 2.x', list);
} catch (e) {
  failures++;
  console.error(`FAIL: ${e.stack || e}`);
} finally {
  server.kill('SIGTERM');
  const { code, signal } = await exited;
  check(code === 0, 'server exits cleanly on SIGTERM', { code, signal });
  fs.rmSync(warehouse, { recursive: true, force: true });
}

if (failures > 0) {
  console.error(`${failures} failure(s)`);
  process.exit(1);
}
console.log('mlflow client interop: all checks passed');
