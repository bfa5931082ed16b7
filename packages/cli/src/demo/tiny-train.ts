import { readFileSync, writeFileSync } from "node:fs";

/** Width of the hashed bag-of-words features: tiny, so the demo trains in milliseconds. */
const FEATURES = 64;

type Example = { text: string; label: number };

/**
 * A real, tiny training step for the demo: logistic regression on hashed bag-of-words features, trained by SGD over
 * .jsonl rows of {"text", "label"}. It writes the weights as a genuine safetensors file, so the run and the release
 * that the demo records hash real model output.
 */
export function trainSentiment(
  files: readonly string[],
  outFile: string,
  options: { epochs: number; learningRate: number },
): { examples: number; accuracy: number } {
  const examples = files.flatMap((file) =>
    readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as Example),
  );
  const weights = new Float32Array(FEATURES);
  let bias = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (const example of examples) {
      const features = featuresOf(example.text);
      const error = predict(weights, bias, features) - example.label;
      for (const [feature, count] of features) weights[feature] = (weights[feature] as number) - options.learningRate * error * count;
      bias -= options.learningRate * error;
    }
  }
  const correct = examples.filter((example) => Math.round(predict(weights, bias, featuresOf(example.text))) === example.label).length;
  writeFileSync(outFile, safetensors({ weight: weights, bias: Float32Array.of(bias) }));
  return { examples: examples.length, accuracy: examples.length === 0 ? 0 : correct / examples.length };
}

function featuresOf(text: string): Map<number, number> {
  const features = new Map<number, number>();
  for (const word of text.toLowerCase().match(/[a-z']+/g) ?? []) {
    let hash = 2166136261;
    for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), 16777619) >>> 0;
    const feature = hash % FEATURES;
    features.set(feature, (features.get(feature) ?? 0) + 1);
  }
  return features;
}

function predict(weights: Float32Array, bias: number, features: Map<number, number>): number {
  let z = bias;
  for (const [feature, count] of features) z += (weights[feature] as number) * count;
  return 1 / (1 + Math.exp(-z));
}

/** The safetensors layout: u64 little-endian header length, a JSON header padded to 8 bytes, then the tensors. */
function safetensors(tensors: Record<string, Float32Array>): Buffer {
  const header: Record<string, unknown> = { __metadata__: { format: "pt" } };
  let offset = 0;
  for (const [name, data] of Object.entries(tensors)) {
    header[name] = { dtype: "F32", shape: [data.length], data_offsets: [offset, offset + data.byteLength] };
    offset += data.byteLength;
  }
  let json = JSON.stringify(header);
  json += " ".repeat((8 - (json.length % 8)) % 8);
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([
    length,
    Buffer.from(json),
    ...Object.values(tensors).map((data) => Buffer.from(data.buffer, data.byteOffset, data.byteLength)),
  ]);
}
