// One registry check at a time, on a thread the runner can stop: a synchronous check that hangs cannot
// be interrupted in its own thread, but its worker can be terminated. The worker imports the registry
// module named by the runner and runs the check with the given id through the same runCheck as the
// in-process path, so the record (status, key figure, evidence) is the same either way.
import { parentPort, workerData } from 'node:worker_threads';
import type { Check, CheckOptions } from './registry.js';
import { runCheck, type CheckRecord } from './run.js';

export interface CheckRequest {
  job: number;
  id: string;
  opts: CheckOptions;
}
export type CheckReply = { ready: true } | { job: number; record: CheckRecord };

const { registry } = workerData as { registry: string };
const { checks } = (await import(registry)) as { checks: readonly Check[] };
const byId = new Map(checks.map((c) => [c.id, c]));
// Loading the registry is not part of any check's time: the runner starts the clock after this.
parentPort!.postMessage({ ready: true } satisfies CheckReply);

parentPort!.on('message', async ({ job, id, opts }: CheckRequest) => {
  const check = byId.get(id);
  const record: CheckRecord = check
    ? await runCheck(check, opts)
    : {
        id,
        claim: '',
        subject: '',
        detects: '',
        status: 'error',
        why: `no check '${id}' in ${registry}`,
        keyFigure: `no check '${id}' in ${registry}`,
        evidence: { error: `no check '${id}' in ${registry}` },
        seconds: 0,
      };
  parentPort!.postMessage({ job, record } satisfies CheckReply);
});
