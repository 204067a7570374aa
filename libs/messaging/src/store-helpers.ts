// The event store's inbox and checkpoint helpers (over its `inbox` and `checkpoints` tables).
export { queueInboxRows, isInboxConflict, loadCheckpoint, saveCheckpoint } from '@lienthong/event-store';
