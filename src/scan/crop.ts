/** The part of each camera frame that is decoded: a centred square, taken without copying pixels where the browser allows. */

/** The part of the short side that is read: where the box on screen is, and less to decode than the whole frame. */
export const CROP_FRACTION = 0.7;
/** Larger crops (a 1080p camera) are scaled down to this side: still several pixels per module for a dense code. */
export const MAX_SIDE = 720;

export interface Crop { x: number; y: number; side: number }

/** The centred square, in video pixels; even numbers, as a 4:2:0 frame can only be cut on even rows and columns. */
export function centreCrop(width: number, height: number): Crop {
  const even = (n: number) => n & ~1;
  const side = even(Math.floor(Math.min(width, height) * CROP_FRACTION));
  return { x: even(Math.floor((width - side) / 2)), y: even(Math.floor((height - side) / 2)), side };
}

/** The crop as an ImageBitmap (a copy, made off the main thread by the browser), scaled down to MAX_SIDE at most. */
export function cropBitmap(video: HTMLVideoElement): Promise<ImageBitmap> {
  const { x, y, side } = centreCrop(video.videoWidth, video.videoHeight);
  const out = Math.min(side, MAX_SIDE);
  return createImageBitmap(video, x, y, side, side, out < side ? { resizeWidth: out, resizeHeight: out, resizeQuality: 'medium' } : {});
}

/**
 * The current frame as a VideoFrame whose visible part is the crop: a reference to the camera's buffer, no pixels copied
 * on the main thread (the worker reads them). Older browsers without WebCodecs get the ImageBitmap instead.
 */
export function cropFrame(video: HTMLVideoElement): Promise<VideoFrame | ImageBitmap> {
  if (typeof VideoFrame !== 'function') return cropBitmap(video);
  const { x, y, side } = centreCrop(video.videoWidth, video.videoHeight);
  return Promise.resolve(new VideoFrame(video, { visibleRect: { x, y, width: side, height: side } }));
}
