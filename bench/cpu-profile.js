// Preloaded into each service by BENCH_CPU_PROF=<dir> (NODE_OPTIONS refuses --cpu-prof):
// starts V8's sampling profiler and writes <dir>/<pid>-<script>.cpuprofile when the process exits.
'use strict';
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');
const { basename, dirname, join } = require('node:path');

const dir = process.env.BENCH_CPU_PROF;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 500 });
  session.post('Profiler.start');
  process.on('exit', () => {
    // Same-thread inspector sessions answer synchronously, so this completes inside 'exit'.
    session.post('Profiler.stop', (err, result) => {
      if (err || !result) return;
      const script = process.argv[1] || 'node';
      const name = `${process.pid}-${basename(dirname(dirname(script)))}.cpuprofile`;
      writeFileSync(join(dir, name), JSON.stringify(result.profile));
    });
  });
}
