// The ring: a two-tone phone pattern made with WebAudio (no sound file to ship), repeated until
// stopped. A kiosk without audio output simply stays silent; the screen still rings.

export function startRinging(): () => void {
  let audio: AudioContext;
  try {
    audio = new AudioContext();
  } catch {
    return () => undefined;
  }
  const ring = () => {
    const t0 = audio.currentTime;
    for (const [start, freq] of [
      [0, 880],
      [0.4, 660],
    ] as const) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, t0 + start);
      gain.gain.exponentialRampToValueAtTime(0.3, t0 + start + 0.03);
      gain.gain.exponentialRampToValueAtTime(0.0001, t0 + start + 0.35);
      osc.connect(gain).connect(audio.destination);
      osc.start(t0 + start);
      osc.stop(t0 + start + 0.36);
    }
  };
  void audio.resume().catch(() => undefined);
  ring();
  const timer = setInterval(ring, 2000);
  return () => {
    clearInterval(timer);
    void audio.close().catch(() => undefined);
  };
}
