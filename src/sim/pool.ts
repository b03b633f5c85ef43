// Runs independent replicates on worker threads (or in process when the compiled worker is absent,
// e.g. under vitest from TypeScript sources). Results are stored by replicate index, so they do not
// depend on the number of workers or on the order in which workers finish.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DomainError } from '../numeric/domain.js';
import { runReplicate, runReplicateTwoThreads, type ReplicateResult, type SimSpec } from './replicate.js';

const workerUrl = new URL('./worker.js', import.meta.url);

/** True when replicates can run on worker threads (the compiled worker file exists). */
export const workersAvailable = (): boolean => workerUrl.protocol === 'file:' && existsSync(fileURLToPath(workerUrl)) && import.meta.url.endsWith('.js');

export async function runReplicates(spec: SimSpec, replicates: number, workers: number, onDone?: (done: number) => void): Promise<ReplicateResult[]> {
  const out: ReplicateResult[] = new Array(replicates);
  const count = Math.min(workers, replicates);
  if (count <= 1 || !workersAvailable()) {
    // One replicate with two threads to spare: split its fit instead (same result bit for bit).
    const split = replicates === 1 && workers >= 2;
    for (let r = 0; r < replicates; r++) {
      out[r] = split ? await runReplicateTwoThreads(spec, r) : runReplicate(spec, r);
      onDone?.(r + 1);
    }
    return out;
  }
  let next = 0;
  let done = 0;
  const pool = Array.from({ length: count }, () => new Worker(workerUrl));
  try {
    await Promise.all(
      pool.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const feed = (): void => {
              if (next >= replicates) return resolve();
              const id = next++;
              w.postMessage({ id, spec, replicate: id });
            };
            w.on('message', (m: { id: number; result?: ReplicateResult; error?: { message: string; domain?: { parameter: string; allowed: string; got: string } } }) => {
              if (m.error) {
                const d = m.error.domain;
                return reject(d ? new DomainError(d.parameter, d.allowed, d.got) : new Error(m.error.message));
              }
              out[m.id] = m.result!;
              onDone?.(++done);
              feed();
            });
            w.on('error', reject);
            feed();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return out;
}
