import { LogWriter } from "../store/log-writer.js";

/** Opens the log writer (taking the lock), runs `work`, and always releases the lock. */
export async function withWriter<T>(dir: string, seed: Uint8Array, work: (writer: LogWriter) => Promise<T>): Promise<T> {
  const writer = await LogWriter.open(dir, { seed });
  try {
    return await work(writer);
  } finally {
    writer.close();
  }
}
