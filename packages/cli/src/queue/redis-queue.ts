import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { UserError } from '@granular/core';

/** The BullMQ queue every sweep's runs go through, and the key prefix of everything Granular keeps in Redis. */
export const QUEUE_NAME = 'runs';
export const PREFIX = 'granular';

/** The queue URL from --queue or GRANULAR_QUEUE: redis://[user:pass@]host:port[/db] or rediss:// for TLS. */
export function queueUrl(given: string | undefined): string | undefined {
  const url = given ?? process.env['GRANULAR_QUEUE'];
  if (url === undefined || url === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UserError(
      `'${url}' is not a queue URL`,
      'write redis://host:6379 (or rediss:// for TLS, /N for database N)',
    );
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')
    throw new UserError(
      `the queue URL ${shownUrl(url)} is not redis:// or rediss://`,
      'write redis://host:6379 (or rediss:// for TLS, /N for database N)',
    );
  return url;
}

/** The URL as messages show it: without its password. */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

/**
 * A connection to the queue's Redis, checked before anything is sent: an unreachable server
 * is a clear error naming the URL. Requests wait for reconnection indefinitely (BullMQ's
 * workers need that: a Redis restart must not fail the run a worker is training).
 */
export async function connectRedis(url: string, options: { timeoutMs?: number } = {}): Promise<Redis> {
  const redis = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true, enableOfflineQueue: true });
  let lastError: Error | undefined;
  redis.on('error', (error: Error) => (lastError = error));
  const timeout = options.timeoutMs ?? 5000;
  try {
    await Promise.race([
      redis.connect().then(() => redis.ping()),
      new Promise((_, reject) =>
        setTimeout(() => reject(lastError ?? new Error(`no answer in ${timeout / 1000} s`)), timeout),
      ),
    ]);
    return redis;
  } catch (error) {
    redis.disconnect();
    throw new UserError(
      `cannot reach the queue's Redis at ${shownUrl(url)}: ${(lastError ?? (error as Error)).message}`,
      'start redis-server there (docs/scale-out.md), or check the host, port and password',
    );
  }
}

/** The queue of runs on an open connection. */
export function runQueue(connection: Redis): Queue {
  return new Queue(QUEUE_NAME, { connection, prefix: PREFIX });
}
