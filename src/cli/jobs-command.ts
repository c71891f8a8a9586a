import { FINAL_JOB_STATES, type JobSnapshot } from '../core/contract/service-types.ts';
import { MotifError } from '../core/errors/motif-error.ts';
import type { MotifApi } from '../core/service/motif-api.ts';
import { EXIT, usageError } from './cli-errors.ts';
import type { CliIo } from './cli-io.ts';
import { engineCommand } from './engine-command.ts';

/**
 * `motif jobs [--json]`: the jobs a quit or crash interrupted.
 * `motif jobs resume <id>` runs one again (its finished images are kept) and
 * waits for it; `motif jobs discard <id>` forgets it (`all` for every one).
 */
export const jobsCommand = engineCommand({
  name: 'jobs',
  options: { json: { type: 'boolean' } },
  async run({ values, positionals }, engine, io) {
    const [action, id, ...extra] = positionals;
    if (extra.length > 0) throw usageError(extra[0]!, 'unexpected argument');
    if (action !== undefined && action !== 'resume' && action !== 'discard')
      throw usageError(action, 'the action must be resume or discard');
    if (action !== undefined && id === undefined) throw usageError(action, `give the id of the job to ${action} (see "motif jobs")`);
    const service = await engine();
    const interrupted = service.jobs().filter((job) => job.state === 'interrupted');
    if (action === undefined) return list(io, interrupted, values.json === true);
    if (action === 'discard') {
      const ids = id === 'all' ? interrupted.map((job) => job.id) : [id!];
      for (const jobId of ids) await service.discard(requireInterrupted(interrupted, jobId).id);
      io.stdout(`Discarded ${ids.length} interrupted job(s).\n`);
      return EXIT.ok;
    }
    const job = requireInterrupted(interrupted, id!);
    const done = await resumeAndWait(service, job.id, io);
    if (values.json) io.stdout(`${JSON.stringify(done)}\n`);
    else
      io.stdout(
        `Job ${done.id} ${done.state}: ${done.entryIds.length} of ${done.expected} image(s) in the library${done.error ? ` (${done.error.message})` : ''}.\n`,
      );
    return done.state === 'saved' ? EXIT.ok : EXIT.failure;
  },
});

function list(io: CliIo, jobs: readonly JobSnapshot[], json: boolean): number {
  if (json) {
    io.stdout(`${JSON.stringify({ interrupted: jobs })}\n`);
    return EXIT.ok;
  }
  if (jobs.length === 0) {
    io.stdout('No interrupted jobs.\n');
    return EXIT.ok;
  }
  for (const job of jobs) {
    const when = new Date(job.createdAt).toISOString().slice(0, 16).replace('T', ' ');
    const prompt = job.request.prompt.length > 60 ? `${job.request.prompt.slice(0, 59)}…` : job.request.prompt;
    io.stdout(`${job.id}  ${when}  ${job.request.model}  ${job.entryIds.length} of ${job.expected} saved\n    "${prompt}"\n`);
  }
  io.stdout(`${jobs.length} interrupted job(s). Resume one: motif jobs resume <id> · discard: motif jobs discard <id|all>\n`);
  return EXIT.ok;
}

function requireInterrupted(jobs: readonly JobSnapshot[], id: string): JobSnapshot {
  const job = jobs.find((j) => j.id === id);
  if (job === undefined)
    throw new MotifError('not_found', { param: 'id', message: `No interrupted job with id ${id.slice(0, 100)}; see "motif jobs".` });
  return job;
}

/** Resumes a job and resolves with its final snapshot; Ctrl+C cancels it (it stays resumable). */
function resumeAndWait(service: MotifApi, jobId: string, io: CliIo): Promise<JobSnapshot> {
  return new Promise<JobSnapshot>((resolve, reject) => {
    const offs: (() => void)[] = [];
    const finish = (job: JobSnapshot): void => {
      for (const off of offs) off();
      resolve(job);
    };
    offs.push(
      service.onJobEvent((event) => {
        if (event.type === 'job-updated' && event.job.id === jobId && FINAL_JOB_STATES.includes(event.job.state)) finish(event.job);
      }),
    );
    const cancel = (): void => void service.cancel(jobId).catch(() => undefined);
    offs.push(io.onSignal('SIGINT', cancel), io.onSignal('SIGTERM', cancel));
    service.resume(jobId).then(
      (job) => {
        if (FINAL_JOB_STATES.includes(job.state)) finish(job);
      },
      (error: unknown) => {
        for (const off of offs) off();
        reject(error);
      },
    );
  });
}
