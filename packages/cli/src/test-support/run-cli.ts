import type { CommandIO } from '../io.ts';
import { main } from '../main.ts';

/** Runs `granular <args>` in this process, capturing what it prints, as a user would see it (no TTY). */
export async function granular(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CommandIO = { out: (t) => void (out += t), err: (t) => void (err += t), isTTY: false };
  const code = await main(args, io);
  return { code, out, err };
}
