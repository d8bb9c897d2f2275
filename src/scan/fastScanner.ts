/** The default engine: the camera in a plain <video>, a frame loop over its centre, the fastest decoder the device has. */
import { markingNewCodes, type CodeScanner } from './codeScanner.ts';
import { frameDecoder } from './decoders.ts';
import { CROP_FRACTION } from './crop.ts';
import { runFrameLoop } from './frameLoop.ts';
import { openBackCamera, setTrackTorch, trackHasTorch } from './media.ts';

/** The picture and the box the volunteer holds the code to, which is exactly the part that is decoded. */
function buildView(host: HTMLElement): { root: HTMLDivElement; video: HTMLVideoElement; box: HTMLDivElement } {
  const root = document.createElement('div');
  root.className = 'kadian-viewfinder';
  root.style.cssText = 'position:relative;overflow:hidden;line-height:0';
  const video = document.createElement('video');
  // Muted and inline, or mobile browsers refuse to play it without a tap.
  video.muted = true;
  video.playsInline = true;
  video.autoplay = true;
  video.setAttribute('playsinline', '');
  video.style.cssText = 'display:block;width:100%';
  const box = document.createElement('div');
  box.className = 'kadian-scan-box';
  box.style.cssText = 'position:absolute;left:50%;top:50%;transform:translate(-50%,-50%);border:3px solid rgba(255,255,255,.9);'
    + 'border-radius:12px;box-shadow:0 0 0 9999px rgba(0,0,0,.35);pointer-events:none;display:none';
  root.append(video, box);
  host.replaceChildren(root);
  return { root, video, box };
}

/** Sizes the box to the decoded square, in percent of the picture so it follows the element's size. */
function placeBox(video: HTMLVideoElement, box: HTMLDivElement): void {
  const { videoWidth: w, videoHeight: h } = video;
  if (!w || !h) return;
  const side = Math.min(w, h) * CROP_FRACTION;
  box.style.width = `${(side / w) * 100}%`;
  box.style.height = `${(side / h) * 100}%`;
  box.style.display = 'block';
}

export class FastScanner implements CodeScanner {
  private stream: MediaStream | undefined;
  private root: HTMLDivElement | undefined;
  private endLoop: (() => void) | undefined;
  /** Bumped by stop(), so a start() still waiting for the camera gives it back instead of showing it. */
  private generation = 0;

  async start(host: HTMLElement, onCode: (text: string) => void): Promise<void> {
    await this.stop();
    const generation = ++this.generation;
    // The decoder (the wasm's compile) and the camera start together; the picture is shown once both are there, so a
    // picture on screen always means codes are being read (a code held up sooner would otherwise wait unseen).
    const decoder = frameDecoder();
    const decoderReady = decoder.then((d) => d.ready());
    decoderReady.catch(() => undefined); // awaited below, once the camera is open
    const stream = await openBackCamera();
    if (generation !== this.generation) return void stream.getTracks().forEach((t) => t.stop());
    this.stream = stream;
    try {
      await decoderReady;
    } catch (e) {
      // A picture with no decoder behind it would look like a working scanner that never reads: say so instead.
      await this.stop();
      throw new Error('the QR decoder did not load', { cause: e });
    }
    if (generation !== this.generation) return;
    const { root, video, box } = buildView(host);
    this.root = root;
    video.addEventListener('loadedmetadata', () => placeBox(video, box));
    video.addEventListener('resize', () => placeBox(video, box));
    video.srcObject = stream;
    // play() rejects when stop() pulls the stream first; the generation check below covers that.
    await video.play().catch(() => undefined);
    if (generation !== this.generation) return;
    this.endLoop = runFrameLoop(video, decoder, markingNewCodes(onCode));
  }

  async stop(): Promise<void> {
    this.generation++;
    this.endLoop?.();
    this.endLoop = undefined;
    this.stream?.getTracks().forEach((t) => t.stop());
    this.stream = undefined;
    const video = this.root?.querySelector('video');
    if (video) video.srcObject = null;
    this.root?.remove();
    this.root = undefined;
  }

  hasTorch(): boolean {
    return trackHasTorch(this.track());
  }

  async setTorch(on: boolean): Promise<void> {
    await setTrackTorch(this.track(), on);
  }

  private track(): MediaStreamTrack | undefined {
    return this.stream?.getVideoTracks()[0];
  }
}
