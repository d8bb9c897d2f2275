/** Sound and vibration for a verdict: a volunteer in a queue hears and feels it without looking. */
import type { Verdict } from '../core/entry.ts';

let audio: AudioContext | undefined;

/** Tones per verdict: one high beep passes, a low double buzz stops, two mid beeps ask to check. */
const TONES: Record<Verdict | 'error', Array<[frequency: number, ms: number]>> = {
  pass: [[1320, 120]],
  check: [[660, 140], [0, 80], [660, 140]],
  stop: [[220, 260], [0, 90], [220, 260]],
  error: [[180, 500]],
};
const VIBRATION: Record<Verdict | 'error', number[]> = { pass: [60], check: [120, 80, 120], stop: [300, 100, 300], error: [600] };

/**
 * Makes the audio context before the first verdict: creating one costs a cheap tablet a noticeable moment, which the
 * first person in the queue would otherwise wait for. It may start suspended until the volunteer's first tap.
 */
export function warmFeedback(): void {
  try {
    audio ??= new AudioContext();
  } catch {
    // No audio device: the colour and vibration still tell.
  }
}

/** Plays the verdict's tone and vibration; silent where the tablet has no sound or vibrator. */
export function signal(kind: Verdict | 'error'): void {
  navigator.vibrate?.(VIBRATION[kind]);
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
    let t = audio.currentTime;
    for (const [frequency, ms] of TONES[kind]) {
      if (frequency > 0) {
        const osc = audio.createOscillator();
        const gain = audio.createGain();
        osc.type = kind === 'pass' ? 'sine' : 'square';
        osc.frequency.value = frequency;
        gain.gain.setValueAtTime(0.25, t);
        gain.gain.exponentialRampToValueAtTime(0.001, t + ms / 1000);
        osc.connect(gain).connect(audio.destination);
        osc.start(t);
        osc.stop(t + ms / 1000);
      }
      t += ms / 1000;
    }
  } catch {
    // No audio device: the colour and vibration still tell.
  }
}
