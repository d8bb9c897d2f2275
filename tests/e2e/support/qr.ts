/** QR codes for the fake camera: a Y4M video file for Chromium's fake device, or a matrix for an injected canvas. */
import { writeFileSync } from 'node:fs';
import { encode } from 'uqr';

export const qrMatrix = (text: string): boolean[][] => encode(text, { ecc: 'M', border: 4 }).data;

/** A 640×480 Y4M (I420) of `text`'s QR code, which Chromium loops as its camera. */
export function writeQrY4m(text: string, file: string): void {
  const width = 640, height = 480;
  const matrix = qrMatrix(text);
  const chroma = new Uint8Array((width / 2) * (height / 2)).fill(128);
  // A few frames with the code drifting slightly, as a hand holds it; Chromium loops them.
  const frames = [0, 1, 2, 3, 4].map((i) => {
    const scale = Math.floor((280 + (i % 3) * 20) / matrix.length);
    const side = matrix.length * scale;
    const left = ((width - side) >> 1) + i * 4 - 8, top = ((height - side) >> 1) - i * 4 + 8;
    const y = new Uint8Array(width * height).fill(235);
    for (let row = 0; row < side; row++) {
      for (let col = 0; col < side; col++) {
        if (matrix[Math.floor(row / scale)]![Math.floor(col / scale)]) y[(top + row) * width + left + col] = 16;
      }
    }
    return Buffer.concat([Buffer.from('FRAME\n'), y, chroma, chroma]);
  });
  writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`), ...frames]));
}
