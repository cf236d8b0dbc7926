// machine.mjs: the machine a bench ran on, for its JSON report.
//
//   const m = machine(loadavg());  // {cpus, cpu, memoryGiB, freeMemoryGiB, loadavgStart, loadavgEnd}
import { cpus, freemem, loadavg, totalmem } from 'node:os';

export function machine(loadavgStart) {
  return {
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? null,
    memoryGiB: +(totalmem() / 2 ** 30).toFixed(1),
    freeMemoryGiB: +(freemem() / 2 ** 30).toFixed(1),
    loadavgStart,
    loadavgEnd: loadavg(),
  };
}
