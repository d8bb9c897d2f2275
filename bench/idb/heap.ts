/** A worker's peak JS heap, sampled over CDP: workers have no `performance.memory`, and Playwright gives no CDP session of a worker. */
import type { CDPSession } from 'playwright-core';

export interface HeapSampler { stop(): Promise<number> }

/**
 * Attaches to the worker at `url` through its page's CDP session (the non-flat way: messages relayed by the page's session) and
 * asks `Runtime.getHeapUsage` again as soon as each answer comes; V8's inspector answers between the worker's tasks or by
 * interrupting a long one. usedSize counts garbage not yet collected as well: an upper bound of what was live.
 */
export async function sampleHeap(page: CDPSession, url: string): Promise<HeapSampler> {
  const { targetInfos } = await page.send('Target.getTargets');
  const target = targetInfos.filter((t) => t.type === 'worker' && t.url === url).at(-1);
  if (!target) throw new Error(`no worker target at ${url}`);
  const { sessionId } = await page.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
  let peak = 0;
  let next = 1;
  let running = true;
  const answers = new Map<number, (usedSize: number) => void>();
  const onMessage = (event: { sessionId: string; message: string }) => {
    if (event.sessionId !== sessionId) return;
    const message = JSON.parse(event.message) as { id?: number; result?: { usedSize: number } };
    if (message.id !== undefined) answers.get(message.id)?.(message.result?.usedSize ?? 0);
  };
  page.on('Target.receivedMessageFromTarget', onMessage);
  const ask = () => new Promise<number>((resolve) => {
    const id = next++;
    answers.set(id, resolve);
    setTimeout(() => resolve(0), 5000); // a worker that ended meanwhile never answers
    page.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }) }).catch(() => resolve(0));
  });
  const loop = (async () => { while (running) peak = Math.max(peak, await ask()); })();
  return {
    async stop() {
      running = false;
      await loop;
      page.off('Target.receivedMessageFromTarget', onMessage);
      await page.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
      return peak;
    },
  };
}
