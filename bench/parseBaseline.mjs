// yaml's own parseAllDocuments on a file, in a fresh process: the first (cold) call, then the median of warm calls.
// Prints one JSON line. Usage: node bench/parseBaseline.mjs <file> [warmRuns]
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

const file = process.argv[2];
const runs = Number(process.argv[3] ?? 9); // 0: only the first call
const text = readFileSync(file, 'utf8');
let cpu = 0;
const time = () => {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const docs = parseAllDocuments(text);
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  cpu = (c.user + c.system) / 1000;
  if (!Array.isArray(docs) || docs.length === 0) {
    throw new Error('nothing parsed');
  }
  return ms;
};
const cold = time();
const coldCpu = cpu;
const warm = [];
for (let i = 0; i < runs; i++) {
  warm.push(time());
}
warm.sort((a, b) => a - b);
process.stdout.write(`${JSON.stringify({ cold, coldCpu, warm: warm[Math.floor(warm.length / 2)], docs: parseAllDocuments(text).length })}\n`);
