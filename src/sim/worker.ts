// Worker thread: runs replicates on request (see pool.ts); the reply carries the request's job number.
// Domain errors travel back by fields.
import { parentPort } from 'node:worker_threads';
import { DomainError } from '../numeric/domain.js';
import { runReplicate, type SimSpec } from './replicate.js';

parentPort!.on('message', (m: { job: number; spec: SimSpec; replicate: number }) => {
  try {
    parentPort!.postMessage({ job: m.job, result: runReplicate(m.spec, m.replicate) });
  } catch (err) {
    const e = err as Error;
    const domain =
      err instanceof DomainError ? { parameter: err.parameter, allowed: err.allowed, got: err.got } : undefined;
    parentPort!.postMessage({ job: m.job, error: { message: e.message, domain } });
  }
});
