/**
 * Tasks this container saw end. Duplicate deliveries of an ended task are the common case (SQS redelivers,
 * the tick and a continuation race), and an ended task never changes again, so the memo answers them without
 * a read. It is never wrong, only incomplete; the oldest ids are forgotten first.
 */
import type { TaskStatus } from '../../domain/playbooks/task.ts';

export class EndedTasks {
  private readonly ids = new Map<string, TaskStatus>();

  constructor(private readonly capacity = 10_000) {}

  get(taskId: string): TaskStatus | undefined {
    return this.ids.get(taskId);
  }

  add(taskId: string, status: TaskStatus): void {
    if (this.ids.size >= this.capacity) {
      const oldest = this.ids.keys().next();
      if (oldest.done !== true) this.ids.delete(oldest.value);
    }
    this.ids.set(taskId, status);
  }
}
