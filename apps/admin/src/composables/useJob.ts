import { onBeforeUnmount, ref, shallowRef } from 'vue';
import { jobsApi, type JobStarted, type JobView } from '@/api/jobs';

/**
 * Follows one console job: starts it, polls its status until it ends, and remembers its id in
 * sessionStorage under `key`, so leaving the page and coming back picks the same job up again
 * (the work goes on on the server meanwhile).
 */
export function useJob(key: string) {
  const storageKey = `dz-job:${key}`;
  const job = shallowRef<JobView | null>(null);
  /** Starting or polling failed (the network, a 4xx): shown with 重试. */
  const error = ref<string | null>(null);
  const starting = ref(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let polls = 0;
  let alive = true;

  const busy = () => starting.value || job.value?.state === 'queued' || job.value?.state === 'running';

  function stop(): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
  }

  async function poll(id: number): Promise<void> {
    stop();
    try {
      job.value = await jobsApi.get(id);
      error.value = null;
    } catch (e) {
      // Gone (expired, swept) or not this person's: forget it quietly.
      sessionStorage.removeItem(storageKey);
      job.value = null;
      if (polls > 0) error.value = e instanceof Error ? e.message : '查询任务进度失败';
      return;
    }
    polls++;
    if (!alive || !busy()) return;
    // Quick at first (most jobs end within seconds), then every 2 s.
    timer = setTimeout(() => void poll(id), polls < 10 ? 500 : 2000);
  }

  /** Starts the job (or joins the running one) and follows it; resolves once the server accepted it. */
  async function start(run: () => Promise<JobStarted>): Promise<void> {
    if (busy()) return;
    starting.value = true;
    error.value = null;
    job.value = null;
    try {
      const { jobId } = await run();
      sessionStorage.setItem(storageKey, String(jobId));
      polls = 0;
      await poll(jobId);
    } catch (e) {
      error.value = e instanceof Error ? e.message : '任务未能开始，请重试';
    } finally {
      starting.value = false;
    }
  }

  /** Picks up a job started earlier in this browser tab, if it is still known. */
  function resume(): void {
    const id = Number(sessionStorage.getItem(storageKey));
    if (id > 0) void poll(id);
  }

  /** Downloads the job's file (once); afterwards the job is forgotten. */
  async function download(): Promise<void> {
    const j = job.value;
    if (!j?.download) return;
    try {
      await jobsApi.download(j.id, j.download.name);
      sessionStorage.removeItem(storageKey);
      job.value = { ...j, download: null };
    } catch {
      // the request client has shown the server's message (e.g. already downloaded)
    }
  }

  function clear(): void {
    stop();
    sessionStorage.removeItem(storageKey);
    job.value = null;
    error.value = null;
  }

  onBeforeUnmount(() => {
    alive = false;
    stop();
  });

  return { job, error, starting, busy, start, resume, download, clear };
}
