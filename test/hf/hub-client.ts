// test/ does not depend on @huggingface/hub itself (its package.json is not ours to change): this is the very client
// @shoulders/hf uses, loaded through that package's own dependency link.
export * from "../../packages/hf/node_modules/@huggingface/hub/dist/index.mjs";
