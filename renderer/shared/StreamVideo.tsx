import { useEffect, useRef } from 'react';

/** A <video> showing a MediaStream (remote party or self-view), for the console and the kiosk call. */
export function StreamVideo({
  stream,
  muted,
  className,
  testId,
}: {
  stream: MediaStream | null;
  muted: boolean;
  className: string;
  testId: string;
}) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (ref.current && ref.current.srcObject !== stream) ref.current.srcObject = stream;
  }, [stream]);
  return <video ref={ref} className={className} data-testid={testId} autoPlay playsInline muted={muted} />;
}
