/**
 * The live heap of the core with one file open and checked: `node --expose-gc --import tsx bench/coreMemory.ts FILE`
 * prints `{ "before": bytes, "open": bytes, "edited": bytes }` (heap used after full collections: before reading the
 * file, with it set and validated, and after a one-line edit of its middle). The server's own `process.memoryUsage()`
 * counts garbage not yet collected, which after a 10 MB open is most of its heap.
 */
import * as fs from 'node:fs';
import { MeshService } from '../server/src/core/service';
import { liveHeap } from './liveHeap';


const file = process.argv[2];
if (!file) {
  throw new Error('usage: bench/coreMemory.ts FILE');
}
const before = liveHeap();
const text = fs.readFileSync(file, 'utf8');
const service = new MeshService();
service.setFile('file:///bench/memory.yaml', text);
service.validate('file:///bench/memory.yaml');
const open = liveHeap();
// A longer line halfway down: the items below move.
const at = text.indexOf('\n', Math.floor(text.length / 2));
service.setFile('file:///bench/memory.yaml', `${text.slice(0, at)} # edited${text.slice(at)}`);
service.validate('file:///bench/memory.yaml');
const edited = liveHeap();
process.stdout.write(`${JSON.stringify({ before, open, edited })}\n`);
