export default async function globalTeardown(): Promise<void> {
  const stops = (globalThis as { __hookflowStops?: (() => Promise<void>)[] }).__hookflowStops ?? [];
  for (const stop of stops.reverse()) await stop();
}
