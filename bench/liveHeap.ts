/**
 * Heap used after full collections: what a process really holds, where `process.memoryUsage()` also counts garbage
 * not yet collected. Needs `node --expose-gc`.
 */
export function liveHeap(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) {
    throw new Error('run with node --expose-gc');
  }
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}
