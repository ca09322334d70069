import { useEffect, useState } from 'react';

// Wall clock of the hall, in Asia/Shanghai whatever the display machine's zone, corrected by the
// server's clock so every display of a centre agrees.

const timeFmt = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
const dateFmt = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  weekday: 'short',
});

export function Clock({ offsetMs }: { offsetMs: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  const at = new Date(now + offsetMs);
  return (
    <div className="clock" aria-label="clock">
      <time dateTime={at.toISOString()} className="clock-time">
        {timeFmt.format(at)}
      </time>
      <span className="clock-date">{dateFmt.format(at)}</span>
    </div>
  );
}
