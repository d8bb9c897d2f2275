/** The camera loop: each new video frame, the centre of the picture goes to the decoder, one frame at a time. */
import type { FrameDecoder } from './decoders.ts';

/** How long the loop rests after a frame fails. */
const REST_MS = 500;

/**
 * Decodes frames of `video` until the returned function is called. A frame that comes while the decoder is busy is
 * dropped, not queued: a queue would only make every answer later than the picture.
 */
export function runFrameLoop(video: HTMLVideoElement, decoder: Promise<FrameDecoder>, onCode: (text: string) => void): () => void {
  let stopped = false;
  let busy = false;
  let pending: number | undefined;
  /** After a failure, frames are skipped until then: a decoder that cannot start is not asked 30 times a second. */
  let restUntil = 0;
  // requestVideoFrameCallback runs once per new camera frame; requestAnimationFrame (older WebViews) once per paint.
  const perFrame = typeof video.requestVideoFrameCallback === 'function';

  const schedule = () => {
    if (stopped) return;
    pending = perFrame ? video.requestVideoFrameCallback(tick) : requestAnimationFrame(tick);
  };

  const decodeOne = async () => {
    try {
      const texts = await (await decoder).decode(video);
      if (!stopped) texts.forEach(onCode);
    } catch (e) {
      // A bad frame or a decoder still loading must not end the loop: it rests a little and goes on.
      restUntil = performance.now() + REST_MS;
      if (!stopped) console.warn('kadian: frame not decoded', e);
    } finally {
      busy = false;
    }
  };

  function tick() {
    schedule();
    if (busy || performance.now() < restUntil || video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || video.videoWidth === 0) return;
    busy = true;
    void decodeOne();
  }

  schedule();
  return () => {
    stopped = true;
    if (pending === undefined) return;
    if (perFrame) video.cancelVideoFrameCallback(pending);
    else cancelAnimationFrame(pending);
  };
}
