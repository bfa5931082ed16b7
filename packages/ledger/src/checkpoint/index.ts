export { type Checkpoint, formatCheckpointBody, parseCheckpointBody } from "./checkpoint.js";
export { type CheckpointTrust, openCheckpoint } from "./open-checkpoint.js";
export { signCheckpoint } from "./sign-checkpoint.js";
