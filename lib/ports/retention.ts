// What retention deletes beyond the stores: the history of finished orchestrations.

/** The Durable Functions history of orchestrations (the task hub's tables, queues and blobs in production). */
export interface OrchestrationHistory {
  /** Deletes the history of finished orchestrations (completed, failed, terminated) created before `before`. */
  purge(before: string): Promise<number>;
}
