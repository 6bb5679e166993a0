import type { ChildProcess } from 'node:child_process';
import type { ProbeStats } from '../probe';

/** A child process with an IPC channel; `ask` sends a request and waits for the answer with the same id. */
export class IpcChild {
  private nextId = 1;
  constructor(
    readonly name: string,
    readonly process: ChildProcess,
  ) {}

  get pid(): number {
    return this.process.pid as number;
  }

  ask<T>(type: string, extra: Record<string, unknown> = {}, timeoutMs = 10_000): Promise<T> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.process.off('message', onMessage);
        reject(new Error(`${this.name} did not answer ${type} within ${timeoutMs} ms`));
      }, timeoutMs);
      const onMessage = (message: { id?: number } & Record<string, unknown>) => {
        if (message?.id !== id) return;
        clearTimeout(timer);
        this.process.off('message', onMessage);
        resolve(message as T);
      };
      this.process.on('message', onMessage);
      this.process.send({ type, id, ...extra });
    });
  }

  /** Resolves when the child sends `{ type: 'ready' }`; rejects after `timeoutMs`. */
  ready(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name} not ready in ${timeoutMs / 1000} s`)), timeoutMs);
      timer.unref();
      this.process.on('message', (m: { type?: string }) => {
        if (m?.type !== 'ready') return;
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async stats(): Promise<ProbeStats> {
    return (await this.ask<{ stats: ProbeStats }>('stats')).stats;
  }

  async reset(): Promise<void> {
    await this.ask('reset');
  }
}
