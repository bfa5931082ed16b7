import type { Signer } from "../signer.js";
import { LogWriter } from "../store/log-writer.js";

/** Opens the log writer (taking the lock), runs `work`, and always releases the lock. */
export async function withWriter<T>(
  dir: string,
  signer: Signer,
  work: (writer: LogWriter) => Promise<T>,
  options: { timeoutMs?: number } = {},
): Promise<T> {
  const writer = await LogWriter.open(dir, signer, options);
  try {
    return await work(writer);
  } finally {
    writer.close();
  }
}
